/* WRONG (tp1.client, ipv6.client4): connects to port 60001, where nothing
 * listens, without checking connect()'s result; its send() on the socket that
 * never connected raises SIGPIPE (signal 13), which kills it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    struct sockaddr_in server;
    char reply[1024];
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(60001);
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    connect(fd, (struct sockaddr *)&server, sizeof server);     /* result unchecked */
    send(fd, "Bonjour", 7, 0);
    recv(fd, reply, sizeof reply, 0);
    printf("Client received: %s\n", reply);
    close(fd);
    return 0;
}
