/*
 * exercices/tp1/serveur.c - TP1, exercices 1 et 2 (labs/tp1-tcp.md) :
 * le serveur TCP. À COMPLÉTER.
 *
 * Ce qu'il doit faire : écouter sur 127.0.0.1:60000, accepter un client,
 * recevoir son message (un recv() dans un tampon de 1024 octets), l'afficher,
 * répondre « Welcome to this server », fermer la socket du client, puis celle
 * d'écoute. Exercice 2.7 : revenir à accept() pour servir le client suivant.
 *
 *   make exercices                       compile ce fichier en exercices/tp1/serveur
 *   ./exercices/tp1/serveur              terminal 1 : le serveur
 *   ./tcp/tcp_client 60000 Bonjour       terminal 2 : le client de socklab
 *   ./labcheck/labcheck tp1.serveur -- ./exercices/tp1/serveur     la vérification
 *
 * Chaque « À FAIRE N » est l'étape N du tableau de l'exercice 1 du polycopié
 * (colonne serveur). Pour chaque appel, lisez sa page de manuel (man 2 socket,
 * man 2 bind...) : ce qu'il prend, ce qu'il rend, et ce qu'il rend en cas
 * d'erreur (-1 et errno : affichez-la avec perror()). L'adresse :
 * man 7 ip (struct sockaddr_in), man 3 inet_pton, man 3 htons.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* POSIX : inet_ntop, gethostname... avec -std=c11 */
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ADRESSE "127.0.0.1"
#define PORT 60000
#define TAILLE_TAMPON 1024
#define REPONSE "Welcome to this server"

/* Affiche TEXTE suivi de l'adresse ADRESSE:PORT de *adresse (déjà fourni :
 * ce n'est pas la leçon). Exemple : afficher_adresse("Connected by", &client); */
void afficher_adresse(const char *texte, const struct sockaddr_in *adresse);

void afficher_adresse(const char *texte, const struct sockaddr_in *adresse)
{
    char ip[INET_ADDRSTRLEN];

    if (inet_ntop(AF_INET, &adresse->sin_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    printf("%s %s:%u\n", texte, ip, (unsigned)ntohs(adresse->sin_port));
    fflush(stdout);
}

int main(void)
{
    int ecoute = -1;                  /* la socket d'écoute */
    int client = -1;                  /* la socket rendue par accept(), une par client */
    struct sockaddr_in locale;        /* 127.0.0.1:60000 */
    struct sockaddr_in distante;      /* l'adresse du client, remplie par accept() */
    socklen_t longueur = sizeof distante;
    char tampon[TAILLE_TAMPON + 1];   /* + 1 : la place d'un '\0' pour l'afficher */

    memset(&locale, 0, sizeof locale);
    memset(&distante, 0, sizeof distante);
    memset(tampon, 0, sizeof tampon);

    /* À FAIRE 1 : socket() : une socket TCP sur IPv4. Quelle famille d'adresses,
     *   quel type de socket ? (man 2 socket, man 7 tcp) */

    /* À FAIRE 2 : setsockopt() avec SO_REUSEADDR à 1, pour pouvoir relancer le
     *   serveur pendant qu'une connexion précédente est en TIME_WAIT
     *   (man 7 socket ; polycopié, exercice 2.6). */

    /* À FAIRE 3 : bind() sur 127.0.0.1:60000. Remplissez d'abord « locale » :
     *   sin_family, sin_port (dans l'ordre du réseau : htons), sin_addr
     *   (inet_pton). (man 2 bind, man 7 ip) */

    /* À FAIRE 4 : listen() : la socket devient une socket d'écoute. Quelle
     *   longueur de file d'attente ? (man 2 listen) */

    /* À FAIRE 5 : accept() : attend un client et rend une NOUVELLE socket pour
     *   lui (dans « client »), et son adresse dans « distante ». Affichez-la :
     *   afficher_adresse("Connected by", &distante); (man 2 accept)
     * À FAIRE exercice 2.7 : plus tard, une boucle autour des étapes 5 à 8,
     *   pour servir le client suivant sans relancer le serveur. */

    /* À FAIRE 6 : recv() du message dans « tampon » (1024 octets au plus).
     *   Que vaut le résultat si le client a fermé sans rien envoyer ? Ajoutez
     *   le '\0' final, puis affichez le message (man 2 recv). */

    /* À FAIRE 7 : send() de REPONSE au client. Que faire si send() envoie moins
     *   d'octets que demandé ? (man 2 send) */

    /* À FAIRE 8 : close() de la socket du client, puis (à la fin) de la socket
     *   d'écoute (man 2 close). Qui ferme en premier ? Regardez ensuite
     *   ss -tan : de quel côté est le TIME_WAIT ? */

    (void)ecoute;   /* à effacer quand vous utilisez ces variables */
    (void)client;
    (void)longueur;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp1/serveur.c : à compléter (les étapes À FAIRE, labs/tp1-tcp.md)\n");
    return 1;
}
