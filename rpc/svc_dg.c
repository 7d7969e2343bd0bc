/*
 * svc_dg.c - the server runtime's UDP side, as libtirpc's svc_dg.c: one
 * call per datagram, its reply sent back to the datagram's sender with one
 * sendto(). A datagram longer than UDP_MAX_MESSAGE, or one that is not a
 * call, is dropped with a log line; a reply lost on the way is the
 * client's retry. See svc_private.h for where this sits.
 */
#include "svc_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define UDP_BURST         16       /* datagrams read per wake-up, at most */

void svc_dg_serve(struct rpc_server *srv, const struct endpoint *e)
{
    if (srv->dgram == NULL && (srv->dgram = malloc(UDP_MAX_MESSAGE + 1)) == NULL)
        return;
    if (svc_table_reserve_reply(srv) < 0)
        return;
    for (int n = 0; n < UDP_BURST; n++) {
        struct sockaddr_storage peer = { 0 };   /* (recvfrom() fills it) */
        socklen_t peer_len = sizeof peer;
        size_t reply_len;
        ssize_t got = recvfrom(e->fd, srv->dgram, UDP_MAX_MESSAGE + 1, 0,
                               (struct sockaddr *)&peer, &peer_len);
        int outcome;

        if (got < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNREFUSED)
                log_line(srv, "recvfrom: %s", strerror(errno));
            return;
        }
        if ((size_t)got > UDP_MAX_MESSAGE) {
            char text[RPC_ADDRSTRLEN];
            rpc_addr_text((struct sockaddr *)&peer, text, sizeof text);
            log_line(srv, "datagram from %s too long (over %u bytes): dropped", text,
                     (unsigned)UDP_MAX_MESSAGE);
            continue;
        }
        outcome = rpc_dispatch_handle(srv->dispatch, srv->dgram, (size_t)got, RPC_UDP, e->fd,
                                    (struct sockaddr *)&peer, peer_len,
                                    srv->reply_buf, UDP_MAX_MESSAGE, &reply_len);
        if (outcome <= 0) {
            if (outcome < 0) {
                char text[RPC_ADDRSTRLEN];
                rpc_addr_text((struct sockaddr *)&peer, text, sizeof text);
                log_line(srv, "malformed datagram from %s (%zd bytes): dropped", text, got);
            }
            continue;
        }
        while (sendto(e->fd, srv->reply_buf, reply_len, MSG_NOSIGNAL,
                      (struct sockaddr *)&peer, peer_len) < 0) {
            if (errno == EINTR)
                continue;
            if (srv->verbose)
                log_line(srv, "sendto: %s", strerror(errno));
            break;                  /* UDP: a lost reply is the client's retry */
        }
    }
}
