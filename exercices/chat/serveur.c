/*
 * exercices/chat/serveur.c - TP1 partie 2, le chat (labs/tp1-tcp-part2.md) :
 * le côté serveur (VM1). À COMPLÉTER.
 *
 * Ce qu'il doit faire : écouter sur 127.0.0.1:7999, accepter un client, puis
 * les deux côtés tapent des lignes quand ils veulent (full duplex) :
 *   - chaque ligne reçue du client est affichée ;
 *   - chaque ligne tapée au clavier (entrée standard) est envoyée au client ;
 *   - l'invite « server@HOST:7999$ » est réaffichée après chaque message ;
 *   - « exit », tapé d'un côté ou de l'autre, termine la session des deux côtés.
 * Le protocole : une ligne par message, terminée par '\n'.
 *
 *   make exercices                       compile ce fichier en exercices/chat/serveur
 *   ./exercices/chat/serveur             terminal 1 : votre serveur
 *   ./tcp/tcp_chat_client 7999           terminal 2 : le client de socklab
 *   ./labcheck/labcheck chat.serveur -- ./exercices/chat/serveur     la vérification
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

#define ADRESSE "127.0.0.1"
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
    int ecoute = -1;                  /* la socket d'écoute */
    int client = -1;                  /* la socket du client, rendue par accept() */
    struct sockaddr_in locale;        /* 127.0.0.1:7999 */
    struct sockaddr_in distante;      /* l'adresse du client */
    socklen_t longueur = sizeof distante;
    struct pollfd attente[2];         /* [0] : le clavier (descripteur 0), [1] : la socket */
    char clavier[TAILLE_TAMPON];      /* ce que read() a lu au clavier */
    char reseau[TAILLE_TAMPON];       /* ce que recv() a reçu du client */

    memset(&locale, 0, sizeof locale);
    memset(&distante, 0, sizeof distante);
    memset(attente, 0, sizeof attente);
    memset(clavier, 0, sizeof clavier);
    memset(reseau, 0, sizeof reseau);

    /* À FAIRE 1 : socket(), setsockopt(SO_REUSEADDR), bind() sur 127.0.0.1:7999,
     *   listen() : les étapes 1 à 4 du serveur du TP1 (labs/tp1-tcp.md). */

    /* À FAIRE 2 : accept() ; affichez l'adresse du client (« Connected by
     *   ADRESSE:PORT », inet_ntop et ntohs). */

    /* À FAIRE 3 : l'invite : afficher_invite("server", PORT); */

    /* À FAIRE 4 : la boucle de la session : poll() sur les DEUX descripteurs à
     *   la fois, le clavier (STDIN_FILENO) et la socket du client, avec POLLIN,
     *   sans délai (-1). Pourquoi pas un fgets() puis un recv() ? (section 1 du
     *   polycopié ; man 2 poll) */

    /* À FAIRE 5 : la socket est prête : recv() dans « reseau ». recv() = 0 : le
     *   client a fermé, la session est finie. Sinon, découpez ce qui est arrivé
     *   aux '\n' (un recv() peut rendre une demi-ligne ou deux lignes : TCP est
     *   un flux d'octets) ; une ligne « exit » : le client part, la session est
     *   finie ; toute autre ligne : affichez-la, puis réaffichez l'invite. */

    /* À FAIRE 6 : le clavier est prêt : read() dans « clavier » (pas fgets :
     *   section 1). read() = 0 : fin de l'entrée (Ctrl-D), faites comme pour
     *   « exit ». Envoyez chaque ligne avec son '\n' (send). Pour « exit » :
     *   envoyez-la, puis shutdown(client, SHUT_WR) (« je n'enverrai plus
     *   rien »), et lisez jusqu'à ce que le client ferme à son tour
     *   (man 2 shutdown). */

    /* À FAIRE 7 : close() de la socket du client, puis de la socket d'écoute. */

    (void)ecoute;   /* à effacer quand vous utilisez ces variables */
    (void)client;
    (void)longueur;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/chat/serveur.c : à compléter (les étapes À FAIRE, "
            "labs/tp1-tcp-part2.md)\n");
    return 1;
}
