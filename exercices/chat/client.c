/*
 * exercices/chat/client.c - TP1 partie 2, le chat (labs/tp1-tcp-part2.md) :
 * le côté client (VM2). À COMPLÉTER.
 *
 * Ce qu'il doit faire : se connecter à 127.0.0.1:7999, puis les deux côtés
 * tapent des lignes quand ils veulent (full duplex) :
 *   - chaque ligne reçue du serveur est affichée ;
 *   - chaque ligne tapée au clavier (entrée standard) est envoyée au serveur ;
 *   - l'invite « client@HOST:7999$ » est réaffichée après chaque message ;
 *   - « exit », tapé d'un côté ou de l'autre, termine la session des deux côtés.
 * Le protocole : une ligne par message, terminée par '\n'.
 *
 *   make exercices                       compile ce fichier en exercices/chat/client
 *   ./tcp/tcp_chat_server                terminal 1 : le serveur de socklab
 *   ./exercices/chat/client              terminal 2 : votre client
 *   ./labcheck/labcheck chat.client -- ./exercices/chat/client       la vérification
 *
 * Les « À FAIRE » suivent les sections 1 et 2 du polycopié. Pages de manuel :
 * man 2 poll, man 2 read, man 2 recv, man 2 send, man 2 shutdown.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* POSIX : inet_ntop, gethostname... avec -std=c11 */
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ADRESSE_SERVEUR "127.0.0.1"
#define PORT 7999
#define TAILLE_TAMPON 1024

/* Affiche l'invite « MOI@HOST:PORT$ », sans fin de ligne : l'utilisateur tape
 * après elle (déjà fourni : ce n'est pas la leçon). */
void afficher_invite(const char *moi, unsigned port);

void afficher_invite(const char *moi, unsigned port)
{
    char machine[256];

    if (gethostname(machine, sizeof machine) < 0)
        strcpy(machine, "localhost");
    machine[sizeof machine - 1] = '\0';
    printf("%s@%s:%u$ ", moi, machine, port);
    fflush(stdout);     /* pas de fin de ligne : la pousser tout de suite */
}

int main(void)
{
    int sock = -1;                    /* la socket du client */
    struct sockaddr_in serveur;       /* 127.0.0.1:7999 */
    struct pollfd attente[2];         /* [0] : le clavier (descripteur 0), [1] : la socket */
    char clavier[TAILLE_TAMPON];      /* ce que read() a lu au clavier */
    char reseau[TAILLE_TAMPON];       /* ce que recv() a reçu du serveur */

    memset(&serveur, 0, sizeof serveur);
    memset(attente, 0, sizeof attente);
    memset(clavier, 0, sizeof clavier);
    memset(reseau, 0, sizeof reseau);

    /* À FAIRE 1 : socket() : l'étape 1 du client du TP1 (labs/tp1-tcp.md). */

    /* À FAIRE 2 : connect() vers 127.0.0.1:7999 (l'étape 3 du client du TP1) ;
     *   si rien n'écoute, un message d'erreur (perror) et exit 1. */

    /* À FAIRE 3 : l'invite : afficher_invite("client", PORT); */

    /* À FAIRE 4 : la boucle de la session : poll() sur les DEUX descripteurs à
     *   la fois, le clavier (STDIN_FILENO) et la socket, avec POLLIN, sans
     *   délai (-1). Pourquoi pas un fgets() puis un recv() ? (section 1 du
     *   polycopié ; man 2 poll) */

    /* À FAIRE 5 : la socket est prête : recv() dans « reseau ». recv() = 0 : le
     *   serveur a fermé, la session est finie. Sinon, découpez ce qui est
     *   arrivé aux '\n' (TCP est un flux d'octets) ; une ligne « exit » : le
     *   serveur part, la session est finie ; toute autre ligne : affichez-la,
     *   puis réaffichez l'invite. */

    /* À FAIRE 6 : le clavier est prêt : read() dans « clavier » (pas fgets :
     *   section 1). read() = 0 : fin de l'entrée (Ctrl-D), faites comme pour
     *   « exit ». Envoyez chaque ligne avec son '\n' (send). Pour « exit » :
     *   envoyez-la, puis shutdown(sock, SHUT_WR), et lisez jusqu'à ce que le
     *   serveur ferme à son tour (man 2 shutdown). */

    /* À FAIRE 7 : close() de la socket. */

    (void)sock;     /* à effacer quand vous utilisez cette variable */

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/chat/client.c : à compléter (les étapes À FAIRE, "
            "labs/tp1-tcp-part2.md)\n");
    return 1;
}
