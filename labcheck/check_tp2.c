/*
 * check_tp2.c - TP2, mode non connecté (labs/tp2-udp.md): the student's UDP
 * server against socklab's udp_client, and the student's UDP client against
 * labcheck's own UDP peer, which answers every datagram but one (udp_server
 * cannot lose a reply on purpose: UDP guarantees no delivery, and a client
 * must live with it).
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LOST_WAIT_MS 5000   /* after a lost reply: the client's own timeout, at most */

/* ---- the checks of this file: their verifications and ports ------------- */

static int lc_check_tp1_serveurudp(struct lc_ctx *ctx);

/* tp1.serveurudp: its verifications, numbered as the report numbers them */
enum {
    TP1SU_SOCKET = 1,
    TP1SU_PRINTS,
    TP1SU_WELCOME,
    TP1SU_NO_TCP,
};

const struct lc_check lc_tp1_serveurudp = {
    .name = "tp1.serveurudp",
    .exercise = "TP1 ex 4",
    .summary = "serveur UDP (serveur_udp.py) sur " LC_COURSE_ADDR4 " : un "
                "datagramme reçu et affiché, « Welcome to this server » renvoyé, sans connexion",
    .handout = "labs/tp1-tcp.md",
    .file = "serveur_udp",
    .titles = {
        [TP1SU_SOCKET] = ("le serveur a une socket UDP sur " LC_COURSE_ADDR4),
        [TP1SU_PRINTS] = "le serveur affiche le datagramme reçu (recvfrom)",
        [TP1SU_WELCOME] = "le client reçoit « Welcome to this server » (sendto)",
        [TP1SU_NO_TCP] = "aucune connexion : le serveur n'a pas de socket TCP",
    },
    .ports = { { SL_UDP, LC_COURSE_PORT, 1 }, { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp1_serveurudp,
};

static int lc_check_tp1_clientudp(struct lc_ctx *ctx);

/* tp1.clientudp: its verifications, numbered as the report numbers them */
enum {
    TP1CU_SENDS = 1,
    TP1CU_PRINTS_REPLY,
    TP1CU_ENDS,
};

const struct lc_check lc_tp1_clientudp = {
    .name = "tp1.clientudp",
    .exercise = "TP1 ex 4",
    .summary = "client UDP (client_udp.py) vers " LC_COURSE_ADDR4 " : un "
                "datagramme envoyé, la réponse affichée, puis la fin",
    .handout = "labs/tp1-tcp.md",
    .file = "client_udp",
    .titles = {
        [TP1CU_SENDS] = ("le client envoie son message en un datagramme à " LC_COURSE_ADDR4 " (sendto)"),
        [TP1CU_PRINTS_REPLY] = "le client affiche la réponse « Welcome to this server » (recvfrom)",
        [TP1CU_ENDS] = "le client se termine après cet échange",
    },
    .ports = { { SL_UDP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp1_clientudp,
};

static int lc_check_tp2_serveur(struct lc_ctx *ctx);

/* tp2.serveur: its verifications, numbered as the report numbers them */
enum {
    TP2S_SOCKET = 1,
    TP2S_NO_TCP,
    TP2S_ANSWERED,
    TP2S_MORE_CLIENTS,
};

const struct lc_check lc_tp2_serveur = {
    .name = "tp2.serveur",
    .exercise = "TP2",
    .summary = "serveur UDP sur " LC_COURSE_ADDR4 " : répond à chaque datagramme, "
                "plusieurs clients, une socket, jamais TCP",
    .handout = "labs/tp2-udp.md",
    .file = "serveur",
    .titles = {
        [TP2S_SOCKET] = ("le serveur a une socket UDP sur " LC_COURSE_ADDR4),
        [TP2S_NO_TCP] = "le serveur n'a aucune socket TCP (ni listen ni accept)",
        [TP2S_ANSWERED] = "un client reçoit une réponse",
        [TP2S_MORE_CLIENTS] = "deux autres clients reçoivent une réponse, de la même socket",
    },
    .ports = { { SL_UDP, LC_COURSE_PORT, 1 }, { SL_TCP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp2_serveur,
};

static int lc_check_tp2_client(struct lc_ctx *ctx);

/* tp2.client: its verifications, numbered as the report numbers them */
enum {
    TP2C_SENDS = 1,
    TP2C_PRINTS_REPLY,
    TP2C_SURVIVES_LOSS,
    TP2C_EXIT,
};

const struct lc_check lc_tp2_client = {
    .name = "tp2.client",
    .exercise = "TP2",
    .summary = "client UDP vers " LC_COURSE_ADDR4 " : envoie chaque ligne, affiche "
                "chaque réponse, survit à une réponse perdue, exit",
    .handout = "labs/tp2-udp.md",
    .file = "client",
    .titles = {
        [TP2C_SENDS] = ("le client envoie la ligne tapée à " LC_COURSE_ADDR4),
        [TP2C_PRINTS_REPLY] = "le client affiche la réponse",
        [TP2C_SURVIVES_LOSS] = "le client survit à une réponse perdue (délai, puis continue)",
        [TP2C_EXIT] = "exit termine le client",
    },
    .ports = { { SL_UDP, LC_COURSE_PORT, 0 }, { 0, 0, 0 } },
    .run = lc_check_tp2_client,
};

struct udp_wait {
    struct lc_sockq query;
    pid_t pgid;
    const struct lc_proc *student;
};

static int udp_bound(struct lc_ctx *ctx, void *arg)
{
    struct udp_wait *w = arg;

    (void)ctx;
    return lc_find_socket(&w->query, w->pgid, NULL, 0, NULL, NULL) > 0;
}

static int udp_bound_or_ended(struct lc_ctx *ctx, void *arg)
{
    return udp_bound(ctx, arg) || !((struct udp_wait *)arg)->student->running;
}

/* Verification i: a client started now gets a reply ("Server : TEXT"). */
static int client_answered(struct lc_ctx *ctx, int i, const char *nth)
{
    char message[32], timeout[24];
    struct lc_proc *client;

    lc_make_message(ctx, "Bonjour", message, sizeof message);
    snprintf(timeout, sizeof timeout, "%ld", ctx->opts->step_ms / 1000);
    client = lc_spawn_peer(ctx, "udp/udp_client", LC_ARGS("-t", timeout, LC_COURSE_PORT_TEXT, message));
    if (client == NULL)
        return 0;
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms + 1000));
    lc_pump(ctx, 0);
    if (lc_output_has(client, "Server : "))
        return 1;
    lc_fail(ctx, i, "%s n'a reçu aucune réponse en %s s : votre serveur répond-il avec sendto() "
            "à l'adresse rendue par recvfrom(), et revient-il à recvfrom() dans une boucle "
            "(while True en Python, for (;;) en C) ? ; essayez ./udp/udp_client " LC_COURSE_PORT_TEXT " Bonjour",
            nth, timeout);
    return 0;
}

static int lc_check_tp2_serveur(struct lc_ctx *ctx)
{
    struct lc_proc *student;
    struct udp_wait w;
    char sockets[LC_TEXT / 2];
    int count;

    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    /* An operator's replies, for a server that reads them on its stdin (-i). */
    for (int k = 0; k < 4; k++)
        lc_send_line(ctx, student, "Bien reçu");
    /* 1. a UDP socket bound to 127.0.0.1:60000 */
    memset(&w, 0, sizeof w);
    w.query.proto = SL_UDP;
    w.query.family = AF_INET;
    w.query.local_port = LC_COURSE_PORT;
    w.pgid = ctx->verdict->netns ? 0 : student->pid;
    w.student = student;
    lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), udp_bound_or_ended, &w);
    if (!udp_bound(ctx, &w)) {
        if (lc_list_sockets(SL_TCP, 1, student->pid, sockets, sizeof sockets) > 0)
            lc_fail(ctx, TP2S_SOCKET, "votre serveur écoute en TCP (%s), pas en UDP : "
                    "socket(AF_INET, SOCK_DGRAM) puis bind() ; essayez ss -uan 'sport = :" LC_COURSE_PORT_TEXT "'",
                    sockets);
        else if (!student->running)
            lc_fail(ctx, TP2S_SOCKET, "votre serveur %s sans socket UDP sur " LC_COURSE_ADDR4 " : "
                    "socket(AF_INET, SOCK_DGRAM) puis bind() ; essayez ss -uan 'sport = :" LC_COURSE_PORT_TEXT "'",
                    lc_exit_text(student, sockets, sizeof sockets));
        else
            lc_fail(ctx, TP2S_SOCKET, "votre serveur n'a pas de socket UDP sur " LC_COURSE_ADDR4 " : "
                    "socket(AF_INET, SOCK_DGRAM) puis bind() ; essayez ss -uan 'sport = :" LC_COURSE_PORT_TEXT "'");
        return 0;
    }
    lc_pass(ctx, TP2S_SOCKET);
    /* 3. a client is answered; 4. two more, from the same socket */
    if (client_answered(ctx, TP2S_ANSWERED, "le client"))
        lc_pass(ctx, TP2S_ANSWERED);
    if (client_answered(ctx, TP2S_MORE_CLIENTS, "le 2e client") &&
        client_answered(ctx, TP2S_MORE_CLIENTS, "le 3e client")) {
        count = lc_list_sockets(SL_UDP, 0, student->pid, sockets, sizeof sockets);
        if (count <= 1)
            lc_pass(ctx, TP2S_MORE_CLIENTS);
        else
            lc_fail(ctx, TP2S_MORE_CLIENTS, "votre serveur a %d sockets UDP (%s) : une seule "
                    "socket, liée une fois, sert tous les clients ; essayez ss -uanp", count, sockets);
    }
    /* 2. never a TCP socket, looked at once the clients were served */
    if (lc_list_sockets(SL_TCP, 0, student->pid, sockets, sizeof sockets) == 0)
        lc_pass(ctx, TP2S_NO_TCP);
    else
        lc_fail(ctx, TP2S_NO_TCP, "votre serveur a une socket TCP (%s) : en UDP, ni listen() ni "
                "accept(), seulement socket(AF_INET, SOCK_DGRAM), bind(), recvfrom(), sendto() ; "
                "essayez ss -tanp", sockets);
    return 0;
}

/* ---- tp2.client: labcheck's own UDP peer on 127.0.0.1:60000 ---------------- */

struct peer {
    int fd;
    char last[1024];                    /* the last datagram, as text */
    struct sockaddr_storage from;
    socklen_t from_len;
    int got;                            /* a datagram arrived since the last reset */
    const struct lc_proc *student;      /* waits end when it has ended */
};

static int peer_open(struct peer *peer)
{
    struct sockaddr_in addr;

    memset(peer, 0, sizeof *peer);
    peer->fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (peer->fd < 0)
        return -1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(LC_COURSE_PORT);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(peer->fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(peer->fd);
        return -1;
    }
    return 0;
}

/* lc_wait_until condition: a datagram arrived (read without waiting). */
static int datagram(struct lc_ctx *ctx, void *arg)
{
    struct peer *peer = arg;
    ssize_t got;

    (void)ctx;
    peer->from_len = sizeof peer->from;
    got = recvfrom(peer->fd, peer->last, sizeof peer->last - 1, MSG_DONTWAIT,
                   (struct sockaddr *)&peer->from, &peer->from_len);
    if (got < 0)
        return 0;
    while (got > 0 && (peer->last[got - 1] == '\n' || peer->last[got - 1] == '\r'))
        got--;
    peer->last[got] = '\0';
    for (ssize_t i = 0; i < got; i++)      /* quoted in a verdict: no control bytes */
        if ((unsigned char)peer->last[i] < 0x20 || peer->last[i] == 0x7f)
            peer->last[i] = '?';
    peer->got = 1;
    sl_trace("peer: datagram \"%s\"", peer->last);
    return 1;
}

static int datagram_or_end(struct lc_ctx *ctx, void *arg)
{
    struct peer *peer = arg;

    return datagram(ctx, peer) || !peer->student->running;
}

static int await_datagram(struct lc_ctx *ctx, struct peer *peer, long ms)
{
    peer->got = 0;
    lc_wait_until(ctx, lc_step_deadline(ctx, ms), datagram_or_end, peer);
    return peer->got || datagram(ctx, peer);
}

static void answer(struct peer *peer, const char *text)
{
    sendto(peer->fd, text, strlen(text), 0, (struct sockaddr *)&peer->from, peer->from_len);
}

/* Verification 3: the reply to line lost is never sent; the client must
 * give up waiting and send the next line, next, whose reply it prints.
 * Returns 1 when it went on (even if it did not print the reply). */
static int survives_lost_reply(struct lc_ctx *ctx, struct lc_proc *student, struct peer *peer,
                               const char *lost, const char *next)
{
    char how[64];

    lc_send_line(ctx, student, lost);
    lc_send_line(ctx, student, next);
    if (!await_datagram(ctx, peer, ctx->opts->step_ms)) {
        lc_fail(ctx, TP2C_SURVIVES_LOSS, "non vérifié : la 2e ligne n'est pas arrivée");
        return 0;
    }
    sl_trace("peer: no reply to \"%s\" (lost on purpose)", peer->last);
    if (await_datagram(ctx, peer, ctx->opts->step_ms + LOST_WAIT_MS) &&
        strstr(peer->last, next) != NULL) {
        answer(peer, "Bien reçu 3");
        if (lc_wait_output(ctx, student, "Bien reçu 3", lc_step_deadline(ctx, ctx->opts->step_ms)))
            lc_pass(ctx, TP2C_SURVIVES_LOSS);
        else
            lc_fail(ctx, TP2C_SURVIVES_LOSS, "votre client a renvoyé la ligne suivante mais "
                    "n'affiche pas sa réponse (« Bien reçu 3 ») ; essayez ./udp/udp_server -i");
        return 1;
    }
    if (!student->running)
        lc_fail(ctx, TP2C_SURVIVES_LOSS, "votre client %s après la réponse perdue : attrapez le "
                "délai dépassé (except socket.timeout en Python ; en C, recvfrom() rend -1, errno "
                "EAGAIN) et passez à la ligne suivante ; essayez ./udp/udp_client -t 2 " LC_COURSE_PORT_TEXT, lc_exit_text(student, how, sizeof how));
    else
        lc_fail(ctx, TP2C_SURVIVES_LOSS, "votre client attend encore la réponse perdue : "
                "recvfrom() bloque sans fin ; mettez un délai (settimeout(), SO_RCVTIMEO) et "
                "passez à la ligne suivante ; essayez ./udp/udp_client -t 2 " LC_COURSE_PORT_TEXT);
    return 0;
}

/* Verification 1 of tp2.client: line, typed, is sent to 127.0.0.1:60000.
 * Returns 1 when a datagram came (the check goes on), else 0. */
static int sends_typed_line(struct lc_ctx *ctx, struct peer *peer, struct lc_proc *student,
                            const char *line)
{
    char how[64];

    lc_send_line(ctx, student, line);
    if (!await_datagram(ctx, peer, ctx->opts->step_ms) && !student->running) {
        lc_fail(ctx, TP2C_SENDS, "votre client %s sans rien envoyer à " LC_COURSE_ADDR4 " : lit-il une "
                "ligne (input()) puis l'envoie-t-il avec sendto() ? ; essayez ./udp/udp_server -e",
                lc_exit_text(student, how, sizeof how));
        return 0;
    }
    if (!peer->got) {
        lc_fail(ctx, TP2C_SENDS, "rien n'est arrivé sur " LC_COURSE_ADDR4 " en %ld s : votre client "
                "lit-il une ligne (input()) puis l'envoie-t-il avec sendto() vers ('127.0.0.1', "
                LC_COURSE_PORT_TEXT ") ? ; essayez ./udp/udp_server -e", ctx->opts->step_ms / 1000);
        return 0;
    }
    if (strstr(peer->last, line) != NULL)
        lc_pass(ctx, TP2C_SENDS);
    else
        lc_fail(ctx, TP2C_SENDS, "le serveur a reçu « %.80s » au lieu de la ligne tapée (« %s ») : "
                "envoyez la ligne lue ; essayez ./udp/udp_server -e", peer->last, line);
    return 1;
}

static int lc_check_tp2_client(struct lc_ctx *ctx)
{
    struct lc_proc *student;
    struct peer peer;
    char line[3][32];

    if (peer_open(&peer) < 0) {
        lc_fatal(ctx, "essayez ss -uanp 'sport = :" LC_COURSE_PORT_TEXT "'", "labcheck ne peut pas se lier à "
                 LC_COURSE_ADDR4 " en UDP : %s", strerror(errno));
        return -1;
    }
    for (int k = 0; k < 3; k++)
        lc_make_message(ctx, "ligne", line[k], sizeof line[k]);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL) {
        close(peer.fd);
        return -1;
    }
    peer.student = student;
    /* 1. a line typed is sent to 127.0.0.1:60000 */
    if (!sends_typed_line(ctx, &peer, student, line[0])) {
        close(peer.fd);
        return 0;
    }
    /* 2. the reply printed */
    answer(&peer, "Bien reçu 1");
    if (lc_wait_output(ctx, student, "Bien reçu 1", lc_step_deadline(ctx, ctx->opts->step_ms)))
        lc_pass(ctx, TP2C_PRINTS_REPLY);
    else
        lc_fail(ctx, TP2C_PRINTS_REPLY, "votre client n'affiche pas la réponse (« Bien reçu 1 ») "
                ": recvfrom() puis print() ; essayez ./udp/udp_server -i");
    /* 3. the next reply is lost: the client must give up waiting, and go on */
    if (!survives_lost_reply(ctx, student, &peer, line[1], line[2])) {
        lc_fail(ctx, TP2C_EXIT, "non vérifié : le client ne lit plus ce qui est tapé");
        close(peer.fd);
        return 0;
    }
    /* 4. exit ends it (it may send "exit" first: answered); status 1 is
     * allowed: a reply was lost, which a client may rightly report (udp_client
     * does) */
    lc_send_line(ctx, student, "exit");
    if (await_datagram(ctx, &peer, 500))
        answer(&peer, "Bien reçu");
    lc_expect_exit(ctx, TP2C_EXIT, student, 1, "votre client", "après exit, sortez de la boucle "
                    "et fermez la socket", lc_step_deadline(ctx, ctx->opts->step_ms));
    close(peer.fd);
    return 0;
}

/* ---- tp1.serveurudp, tp1.clientudp: TP1 ex 4, the TCP exchange over UDP ---- */

#define WELCOME "Welcome to this server"

/* Verification 1 of tp1.serveurudp: a UDP socket on 127.0.0.1:60000. */
static int udp_listens(struct lc_ctx *ctx, struct lc_proc *student)
{
    struct udp_wait w;
    char how[64];

    memset(&w, 0, sizeof w);
    w.query.proto = SL_UDP;
    w.query.family = AF_INET;
    w.query.local_port = LC_COURSE_PORT;
    w.pgid = ctx->verdict->netns ? 0 : student->pid;
    w.student = student;
    lc_wait_until(ctx, lc_step_deadline(ctx, ctx->opts->step_ms), udp_bound_or_ended, &w);
    if (udp_bound(ctx, &w)) {
        lc_pass(ctx, TP1SU_SOCKET);
        return 1;
    }
    lc_fail(ctx, TP1SU_SOCKET, "votre serveur %s sans socket UDP sur " LC_COURSE_ADDR4 " : "
            "socket(AF_INET, SOCK_DGRAM) puis bind(('127.0.0.1', " LC_COURSE_PORT_TEXT ")) ; essayez ss -uan 'sport "
            "= :" LC_COURSE_PORT_TEXT "'",
            student->running ? "tourne" : lc_exit_text(student, how, sizeof how));
    return 0;
}

static int lc_check_tp1_serveurudp(struct lc_ctx *ctx)
{
    struct lc_proc *student, *client;
    char message[32], sockets[LC_TEXT / 2], timeout[24];

    student = lc_spawn_student(ctx, NULL);
    if (student == NULL)
        return -1;
    if (!udp_listens(ctx, student))
        return 0;
    /* 2. one datagram: the message printed; 3. the reply, one datagram */
    lc_make_message(ctx, "Bonjour", message, sizeof message);
    snprintf(timeout, sizeof timeout, "%ld", ctx->opts->step_ms / 1000);
    client = lc_spawn_peer(ctx, "udp/udp_client", LC_ARGS("-t", timeout, LC_COURSE_PORT_TEXT, message));
    if (client == NULL)
        return -1;
    lc_wait_exit(ctx, client, lc_step_deadline(ctx, ctx->opts->step_ms + 1000));
    if (lc_wait_output(ctx, student, message, lc_step_deadline(ctx, 500)))
        lc_pass(ctx, TP1SU_PRINTS);
    else
        lc_fail(ctx, TP1SU_PRINTS, "votre serveur n'affiche pas le datagramme reçu (« %s ») : "
                "recvfrom(), puis print() du message ; essayez ./udp/udp_client " LC_COURSE_PORT_TEXT " Bonjour", message);
    if (lc_output_has(client, "Server : " WELCOME))
        lc_pass(ctx, TP1SU_WELCOME);
    else if (lc_output_has(client, "Server : "))
        lc_fail(ctx, TP1SU_WELCOME, "le client a reçu une autre réponse que « " WELCOME " » : "
                "sendto() de ce texte à l'adresse rendue par recvfrom() ; essayez ./udp/udp_client "
                LC_COURSE_PORT_TEXT " Bonjour");
    else
        lc_fail(ctx, TP1SU_WELCOME, "le client n'a reçu aucune réponse en %s s : sendto(b'" WELCOME "', adresse) avec l'adresse rendue par recvfrom() ; essayez ./udp/udp_client " LC_COURSE_PORT_TEXT " "
                "Bonjour", timeout);
    /* 4. no connection: no TCP socket, looked at once the client was served */
    if (lc_list_sockets(SL_TCP, 0, student->pid, sockets, sizeof sockets) == 0)
        lc_pass(ctx, TP1SU_NO_TCP);
    else
        lc_fail(ctx, TP1SU_NO_TCP, "votre serveur a une socket TCP (%s) : en UDP, pas de "
                "connexion, ni listen() ni accept() ; essayez ss -tanp", sockets);
    return 0;
}

/* Verification 1 of tp1.clientudp: a datagram arrived, with the message. */
static int udp_message_came(struct lc_ctx *ctx, struct lc_proc *student, struct peer *peer)
{
    char how[64], where[LC_TEXT / 2];

    if (await_datagram(ctx, peer, ctx->opts->step_ms) && peer->last[0] != '\0') {
        lc_pass(ctx, TP1CU_SENDS);
        return 1;
    }
    if (peer->got)
        lc_fail(ctx, TP1CU_SENDS, "le datagramme reçu sur " LC_COURSE_ADDR4 " est vide : sendto() du "
                "message encodé (message.encode()) ; essayez ./udp/udp_server");
    else if (!student->running)
        lc_fail(ctx, TP1CU_SENDS, "votre client %s sans rien envoyer à " LC_COURSE_ADDR4 " : "
                "sendto(message, ('127.0.0.1', " LC_COURSE_PORT_TEXT ")) ; essayez ./udp/udp_server",
                lc_exit_text(student, how, sizeof how));
    else
        lc_fail(ctx, TP1CU_SENDS, "rien n'est arrivé sur " LC_COURSE_ADDR4 " en %ld s%s%s : "
                "socket(AF_INET, SOCK_DGRAM), puis sendto() vers ('127.0.0.1', " LC_COURSE_PORT_TEXT ") ; essayez "
                "./udp/udp_server",
                ctx->opts->step_ms / 1000, lc_wait_hint(student, where, sizeof where)[0] ? " : "
                : "", where);
    return 0;
}

static int lc_check_tp1_clientudp(struct lc_ctx *ctx)
{
    struct lc_proc *student;
    struct peer peer;
    char message[32];

    if (peer_open(&peer) < 0) {
        lc_fatal(ctx, "essayez ss -uanp 'sport = :" LC_COURSE_PORT_TEXT "'", "labcheck ne peut pas se lier à "
                 LC_COURSE_ADDR4 " en UDP : %s", strerror(errno));
        return -1;
    }
    lc_make_message(ctx, "Bonjour", message, sizeof message);
    student = lc_spawn_student(ctx, NULL);
    if (student == NULL) {
        close(peer.fd);
        return -1;
    }
    lc_type_when_asked(student, LC_COURSE_PORT_TEXT, message);
    peer.student = student;
    /* 1. one datagram with the message; the reply, one datagram */
    if (udp_message_came(ctx, student, &peer)) {
        answer(&peer, WELCOME);
        /* 2. the reply printed */
        if (lc_wait_output(ctx, student, WELCOME, lc_step_deadline(ctx, ctx->opts->step_ms)))
            lc_pass(ctx, TP1CU_PRINTS_REPLY);
        else
            lc_fail(ctx, TP1CU_PRINTS_REPLY, "votre client n'affiche pas la réponse (« " WELCOME " ») : "
                    "recvfrom() puis print() ; essayez ./udp/udp_server -r 'Welcome to this "
                    "server'");
    } else {
        lc_fail(ctx, TP1CU_PRINTS_REPLY, "non vérifié : aucun message, donc aucune réponse");
    }
    /* 3. one exchange, then the end (no exit to type: ex 4 sends once) */
    lc_expect_exit(ctx, TP1CU_ENDS, student, 0, "votre client", "un seul échange : sendto(), "
                   "recvfrom(), print(), close(), puis fin du programme",
                   lc_step_deadline(ctx, ctx->opts->step_ms));
    close(peer.fd);
    return 0;
}
