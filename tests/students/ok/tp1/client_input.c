/* TP1, exercice 2.4 en C : le port et le message tapés (fgets() sur stdin),
 * l'échange de l'exercice 2.1. Solution de test pour labcheck tp1.client. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    char line[64], message[256], reply[1024];
    struct sockaddr_in server;
    ssize_t got;
    int fd;

    printf("Port : ");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL)
        return 1;
    printf("Message : ");
    fflush(stdout);
    if (fgets(message, sizeof message, stdin) == NULL)
        return 1;
    message[strcspn(message, "\n")] = '\0';
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((unsigned short)atoi(line));
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("connect");
        return 1;
    }
    send(fd, message, strlen(message), 0);
    got = recv(fd, reply, sizeof reply - 1, 0);
    if (got > 0) {
        reply[got] = '\0';
        printf("Client received: %s\n", reply);
    }
    close(fd);
    return 0;
}
