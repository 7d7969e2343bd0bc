/*
 * exercices/ipv6/serveur.c - Exercice avancé : IPv6 (labs/tp-ipv6.md) :
 * le serveur TCP du TP1 en IPv6. À COMPLÉTER.
 *
 * Ce qu'il doit faire : le serveur du TP1 (exercices/tp1/serveur.c), mais sur
 * [::1]:60000, l'adresse de bouclage d'IPv6 : accepter un client IPv6,
 * recevoir son message, l'afficher, répondre « Welcome to this server »,
 * fermer. Un client IPv4 (127.0.0.1) doit être refusé : l'option IPV6_V6ONLY
 * est posée explicitement, à 1.
 *
 *   make exercices                       compile ce fichier en exercices/ipv6/serveur
 *   ./exercices/ipv6/serveur             terminal 1 : votre serveur
 *   ./ipv6/tcp6_client 60000 Bonjour     terminal 2 : le client IPv6 de socklab
 *   ./tcp/tcp_client 60000 Bonjour       ... et le client IPv4 : refusé
 *   ./labcheck/labcheck ipv6.serveur -- ./exercices/ipv6/serveur     la vérification
 *
 * Les étapes sont celles du serveur du TP1 ; la partie 5 du polycopié dit ce
 * qui change. Pages de manuel : man 7 ipv6 (struct sockaddr_in6, IPV6_V6ONLY),
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

#define ADRESSE "::1"
#define PORT 60000
#define TAILLE_TAMPON 1024
#define REPONSE "Welcome to this server"

/* Affiche TEXTE suivi de l'adresse [ADRESSE]:PORT de *adresse (déjà fourni :
 * ce n'est pas la leçon). Exemple : afficher_adresse("Connected by", &client); */
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
    int ecoute = -1;                  /* la socket d'écoute */
    int client = -1;                  /* la socket rendue par accept() */
    int v6only = 1;                   /* la valeur de IPV6_V6ONLY */
    struct sockaddr_in6 locale;       /* [::1]:60000 */
    struct sockaddr_in6 distante;     /* l'adresse du client */
    socklen_t longueur = sizeof distante;
    char tampon[TAILLE_TAMPON + 1];

    memset(&locale, 0, sizeof locale);
    memset(&distante, 0, sizeof distante);
    memset(tampon, 0, sizeof tampon);

    /* À FAIRE 1 : socket() : une socket TCP sur IPv6. Qu'est-ce qui change par
     *   rapport au TP1 ? (partie 5 du polycopié ; man 7 ipv6) */

    /* À FAIRE 2 : setsockopt() SO_REUSEADDR, comme au TP1. */

    /* À FAIRE 2b : setsockopt() IPV6_V6ONLY à « v6only », AVANT bind() : à quel
     *   niveau (le deuxième argument) ? Pourquoi la poser toujours, plutôt que
     *   compter sur net.ipv6.bindv6only ? (partie 6 ; man 7 ipv6) */

    /* À FAIRE 3 : bind() sur [::1]:60000 : remplissez « locale » (sin6_family,
     *   sin6_port avec htons, sin6_addr avec inet_pton). */

    /* À FAIRE 4 à 8 : listen(), accept() (affichez le client :
     *   afficher_adresse("Connected by", &distante);), recv(), send() de
     *   REPONSE, close() : comme au TP1, rien ne change. Pourquoi ? (partie 5 :
     *   struct sockaddr * et sa longueur) */

    (void)ecoute;   /* à effacer quand vous utilisez ces variables */
    (void)client;
    (void)v6only;
    (void)longueur;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/ipv6/serveur.c : à compléter (les étapes À FAIRE, labs/tp-ipv6.md)\n");
    return 1;
}
