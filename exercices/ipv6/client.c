/*
 * exercices/ipv6/client.c - Exercice avancé : IPv6 (labs/tp-ipv6.md) :
 * le client TCP du TP1 en IPv6. À COMPLÉTER.
 *
 * Ce qu'il doit faire : le client du TP1 (exercices/tp1/client.c), mais vers
 * [::1]:60000 : se connecter, envoyer un message, afficher la réponse, fermer.
 *
 *   make exercices                       compile ce fichier en exercices/ipv6/client
 *   ./ipv6/tcp6_server 60000             terminal 1 : le serveur IPv6 de socklab
 *   ./exercices/ipv6/client              terminal 2 : votre client
 *   ./labcheck/labcheck ipv6.client -- ./exercices/ipv6/client       la vérification
 *
 * Les étapes sont celles du client du TP1 ; la partie 5 du polycopié dit ce
 * qui change. Pages de manuel : man 7 ipv6 (struct sockaddr_in6),
 * man 3 inet_pton.
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

#define ADRESSE_SERVEUR "::1"
#define PORT 60000
#define TAILLE_TAMPON 1024
#define MESSAGE "Bonjour"

/* Affiche TEXTE suivi de l'adresse [ADRESSE]:PORT de *adresse (déjà fourni :
 * ce n'est pas la leçon). Exemple : afficher_adresse("Local address:", &locale); */
void afficher_adresse(const char *texte, const struct sockaddr_in6 *adresse);

void afficher_adresse(const char *texte, const struct sockaddr_in6 *adresse)
{
    char ip[INET6_ADDRSTRLEN];

    if (inet_ntop(AF_INET6, &adresse->sin6_addr, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    printf("%s [%s]:%u\n", texte, ip, (unsigned)ntohs(adresse->sin6_port));
    fflush(stdout);
}

int main(void)
{
    int sock = -1;                    /* la socket du client */
    struct sockaddr_in6 serveur;      /* [::1]:60000 */
    struct sockaddr_in6 locale;       /* notre adresse (getsockname) */
    socklen_t longueur = sizeof locale;
    const char *message = MESSAGE;
    char tampon[TAILLE_TAMPON + 1];

    memset(&serveur, 0, sizeof serveur);
    memset(&locale, 0, sizeof locale);
    memset(tampon, 0, sizeof tampon);

    /* À FAIRE 1 : socket() : une socket TCP sur IPv6 (partie 5 ; man 7 ipv6). */

    /* (L'étape 2, le bind() de l'exercice 2.6 du TP1, n'est pas demandée ici.) */

    /* À FAIRE 3 : connect() vers [::1]:60000 : remplissez « serveur »
     *   (sin6_family, sin6_port avec htons, sin6_addr avec inet_pton). Pas
     *   d'IPV6_V6ONLY côté client : pourquoi ? (partie 5) */

    /* À FAIRE 4 : getsockname(), puis afficher_adresse("Local address:", &locale); */

    /* À FAIRE 5 à 7 : send() du message, recv() de la réponse (l'afficher),
     *   close() : comme au TP1. */

    (void)sock;     /* à effacer quand vous utilisez ces variables */
    (void)longueur;
    (void)message;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/ipv6/client.c : à compléter (les étapes À FAIRE, labs/tp-ipv6.md)\n");
    return 1;
}
