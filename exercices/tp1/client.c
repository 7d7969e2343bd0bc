/*
 * exercices/tp1/client.c - TP1, exercices 1 à 3 (labs/tp1-tcp.md) :
 * le client TCP. À COMPLÉTER.
 *
 * Ce qu'il doit faire : se connecter à 127.0.0.1:60000, envoyer un message,
 * recevoir la réponse du serveur (un recv() dans un tampon de 1024 octets),
 * l'afficher, fermer la socket. Puis, exercice après exercice :
 *   2.5 afficher sa propre adresse, celle que donne getsockname() ;
 *   2.6 utiliser le port source 62000 (bind() avant connect()) ;
 *   3   prendre le port et le message dans argv : ./client 60000 Bonjour
 *
 *   make exercices                       compile ce fichier en exercices/tp1/client
 *   ./tcp/tcp_server                     terminal 1 : le serveur de socklab
 *   ./exercices/tp1/client               terminal 2 : votre client
 *   ./labcheck/labcheck tp1.client -- ./exercices/tp1/client          la vérification
 *   (puis tp1.getsockname, tp1.port62000, et tp1.argv pour l'exercice 3)
 *
 * Chaque « À FAIRE N » est l'étape N du tableau de l'exercice 1 du polycopié
 * (colonne client) ; l'étape 2 est l'exercice 2.6, l'étape 4 l'exercice 2.5,
 * et « À FAIRE exercice 3 » l'exercice 3. Pour chaque appel, lisez sa page
 * de manuel (man 2 connect...) : ce qu'il rend en cas d'erreur (-1 et errno :
 * affichez-la avec perror()).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* POSIX : inet_ntop, gethostname... avec -std=c11 */
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ADRESSE_SERVEUR "127.0.0.1"
#define PORT 60000
#define PORT_CLIENT 62000             /* exercice 2.6 */
#define TAILLE_TAMPON 1024
#define MESSAGE "Bonjour"

/* Affiche TEXTE suivi de l'adresse ADRESSE:PORT de *adresse (déjà fourni :
 * ce n'est pas la leçon). Exemple : afficher_adresse("Local address:", &locale); */
void afficher_adresse(const char *texte, const struct sockaddr_in *adresse);

void afficher_adresse(const char *texte, const struct sockaddr_in *adresse)
{
    char ip[INET_ADDRSTRLEN];

    if (inet_ntop(AF_INET, &adresse->sin_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    printf("%s %s:%u\n", texte, ip, (unsigned)ntohs(adresse->sin_port));
    fflush(stdout);
}

int main(int argc, char *argv[])
{
    int sock = -1;                    /* la socket du client */
    struct sockaddr_in serveur;       /* 127.0.0.1:60000 */
    struct sockaddr_in locale;        /* exercices 2.5 et 2.6 : notre propre adresse */
    socklen_t longueur = sizeof locale;
    const char *message = MESSAGE;
    char tampon[TAILLE_TAMPON + 1];   /* + 1 : la place d'un '\0' pour l'afficher */

    memset(&serveur, 0, sizeof serveur);
    memset(&locale, 0, sizeof locale);
    memset(tampon, 0, sizeof tampon);

    /* À FAIRE exercice 3 : le port dans argv[1] (strtol, entre 1 et
     *   65535, sinon un message et exit 2), le message dans argv[2] (ou les
     *   mots suivants, réunis par une espace). Sans argument : PORT et MESSAGE. */
    (void)argc;     /* à effacer quand vous lisez argv (exercice 3) */
    (void)argv;

    /* À FAIRE 1 : socket() : une socket TCP sur IPv4 (man 2 socket). */

    /* À FAIRE 2 (exercice 2.6) : bind() sur le port PORT_CLIENT, AVANT
     *   connect(). Remplissez « locale » comme le serveur remplit la sienne
     *   (man 2 bind, man 7 ip). Lancez le client deux fois de suite : que se
     *   passe-t-il, et pourquoi ? */

    /* À FAIRE 3 : connect() vers 127.0.0.1:60000. Remplissez d'abord
     *   « serveur » : sin_family, sin_port (htons), sin_addr (inet_pton).
     *   Que rend connect() si rien n'écoute ? (man 2 connect) */

    /* À FAIRE 4 (exercice 2.5) : getsockname() : l'adresse et le port que
     *   connect() a choisis pour le client ; affichez-les :
     *   afficher_adresse("Local address:", &locale); (man 2 getsockname)
     *   Comparez avec ce que montre ss -tn. */

    /* À FAIRE 5 : send() du message (man 2 send). */

    /* À FAIRE 6 : recv() de la réponse dans « tampon » (1024 octets au plus),
     *   le '\0' final, puis l'afficher (exercice 2.1). (man 2 recv) */

    /* À FAIRE 7 : close() de la socket (man 2 close). */

    (void)sock;     /* à effacer quand vous utilisez ces variables */
    (void)longueur;
    (void)message;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp1/client.c : à compléter (les étapes À FAIRE, labs/tp1-tcp.md)\n");
    return 1;
}
