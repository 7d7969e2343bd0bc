/*
 * exercices/tp2/serveur.c - TP2, mode non connecté (labs/tp2-udp.md) :
 * le serveur UDP. À COMPLÉTER.
 *
 * Ce qu'il doit faire : recevoir sur 127.0.0.1:60000 les datagrammes de
 * n'importe quel client, afficher chacun avec l'adresse de son expéditeur,
 * et répondre à cet expéditeur (« Bien reçu », ou une ligne tapée au clavier,
 * section 4), puis attendre le datagramme suivant, pour toujours. Une seule
 * socket pour tous les clients : ni listen(), ni accept().
 *
 *   make exercices                       compile ce fichier en exercices/tp2/serveur
 *   ./exercices/tp2/serveur              terminal 1 : votre serveur
 *   ./udp/udp_client 60000 Bonjour       terminal 2 : le client de socklab
 *   ./labcheck/labcheck tp2.serveur -- ./exercices/tp2/serveur       la vérification
 *
 * Chaque « À FAIRE N » est l'étape N du tableau du début du polycopié
 * (colonne serveur). Pages de manuel : man 2 socket, man 7 udp, man 2 bind,
 * man 2 recvfrom, man 2 sendto, man 7 ip (struct sockaddr_in).
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
#define REPONSE "Bien reçu"

/* Affiche TEXTE suivi de l'adresse ADRESSE:PORT de *adresse (déjà fourni :
 * ce n'est pas la leçon). Exemple : afficher_adresse("Client", &client); */
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
    int sock = -1;                    /* LA socket du serveur, pour tous les clients */
    struct sockaddr_in locale;        /* 127.0.0.1:60000 */
    struct sockaddr_in client;        /* l'expéditeur du dernier datagramme */
    socklen_t longueur = sizeof client;
    char tampon[TAILLE_TAMPON + 1];   /* + 1 : la place d'un '\0' pour l'afficher */

    memset(&locale, 0, sizeof locale);
    memset(&client, 0, sizeof client);
    memset(tampon, 0, sizeof tampon);

    /* À FAIRE 1 : socket() : une socket UDP sur IPv4. Quel type de socket ?
     *   (man 2 socket, man 7 udp) */

    /* À FAIRE 2 : bind() sur 127.0.0.1:60000 : remplissez « locale »
     *   (sin_family, sin_port avec htons, sin_addr avec inet_pton). */

    /* À FAIRE 3 : recvfrom() : attend UN datagramme, et apprend en même temps
     *   l'adresse de son expéditeur (dans « client » ; remettez « longueur » à
     *   sizeof client avant chaque appel). Affichez l'expéditeur et le
     *   message. (man 2 recvfrom) */

    /* À FAIRE 4 : sendto() de la réponse, vers l'adresse que recvfrom() vient de
     *   donner. (man 2 sendto) Section 4 : la réponse peut être une ligne tapée
     *   au clavier (fgets sur stdin). */

    /* À FAIRE 5 : une boucle autour des étapes 3 et 4, pour toujours : le
     *   serveur n'apprend jamais qu'un client est parti (section 5). */

    (void)sock;     /* à effacer quand vous utilisez ces variables */
    (void)longueur;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp2/serveur.c : à compléter (les étapes À FAIRE, labs/tp2-udp.md)\n");
    return 1;
}
