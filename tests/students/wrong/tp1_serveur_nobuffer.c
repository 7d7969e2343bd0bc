/* WRONG (tp1.serveur): in C, printf() to a pipe stays in stdio's buffer: this
 * looping server never flushes stdout, so nothing it printed is seen before
 * it is stopped. Otherwise right (it passes tp1.boucle). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    struct sockaddr_in addr;
    char buffer[1024];
    int on = 1, listen_fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(60000);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listen_fd, 5) < 0)
        return 1;
    for (;;) {
        int conn_fd = accept(listen_fd, NULL, NULL);
        ssize_t got = recv(conn_fd, buffer, sizeof buffer - 1, 0);

        if (got > 0) {
            buffer[got] = '\0';
            printf("Server received: %s\n", buffer);
        }
        send(conn_fd, "Welcome to this server", 22, 0);
        close(conn_fd);
    }
}
