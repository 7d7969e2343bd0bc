/*
 * exercices/tp2/client.c - TP2, mode non connecté (labs/tp2-udp.md) :
 * le client UDP. À COMPLÉTER.
 *
 * Ce qu'il doit faire : lire des lignes au clavier (entrée standard), envoyer
 * chacune dans un datagramme à 127.0.0.1:60000, attendre la réponse du serveur
 * et l'afficher. UDP ne garantit pas que la réponse arrive : le client
 * n'attend pas plus de 2 secondes, le dit, et passe à la ligne suivante.
 * « exit » est envoyée comme les autres lignes, puis le client se termine.
 *
 *   make exercices                       compile ce fichier en exercices/tp2/client
 *   ./udp/udp_server -i 60000            terminal 1 : le serveur de socklab
 *   ./exercices/tp2/client               terminal 2 : votre client
 *   ./labcheck/labcheck tp2.client -- ./exercices/tp2/client         la vérification
 *
 * Chaque « À FAIRE N » est l'étape N du tableau du début du polycopié
 * (colonne client). Pages de manuel : man 2 socket, man 7 udp, man 2 sendto,
 * man 2 recvfrom, man 7 socket (SO_RCVTIMEO).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* POSIX : inet_ntop, gethostname... avec -std=c11 */
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define ADRESSE_SERVEUR "127.0.0.1"
#define PORT 60000
#define TAILLE_TAMPON 1024
#define DELAI_SECONDES 2

int main(void)
{
    int sock = -1;                    /* la socket du client */
    struct sockaddr_in serveur;       /* 127.0.0.1:60000 */
    struct sockaddr_in expediteur;    /* qui a envoyé la réponse */
    socklen_t longueur = sizeof expediteur;
    struct timeval delai;             /* SO_RCVTIMEO : 2 secondes */
    char ligne[TAILLE_TAMPON];        /* la ligne tapée */
    char reponse[TAILLE_TAMPON + 1];  /* + 1 : la place d'un '\0' pour l'afficher */

    memset(&serveur, 0, sizeof serveur);
    memset(&expediteur, 0, sizeof expediteur);
    memset(&delai, 0, sizeof delai);
    memset(ligne, 0, sizeof ligne);
    memset(reponse, 0, sizeof reponse);

    /* À FAIRE 1 : socket() : une socket UDP sur IPv4 (man 2 socket, man 7 udp).
     *   Puis setsockopt() SO_RCVTIMEO avec « delai » à DELAI_SECONDES : sans
     *   cela, une réponse perdue bloquerait recvfrom() pour toujours
     *   (sections 2 et 6 ; man 7 socket). */

    /* À FAIRE 2 : pas de bind() : le premier sendto() choisit un port. Remplissez
     *   seulement « serveur » (sin_family, sin_port avec htons, sin_addr avec
     *   inet_pton). */

    /* Une boucle : une ligne lue au clavier (fgets ; NULL : fin de l'entrée,
     *   on s'arrête ; enlevez le '\n'), puis les étapes 3 et 4. */

    /* À FAIRE 3 : sendto() de la ligne vers « serveur » (man 2 sendto). */

    /* À FAIRE 4 : recvfrom() de la réponse, puis l'afficher. S'il échoue avec
     *   errno EAGAIN ou EWOULDBLOCK, le délai est dépassé : dites-le et passez à
     *   la ligne suivante (section 6 ; et section 8.1 : que devient une réponse
     *   arrivée trop tard ?). Après la réponse à « exit », quittez la
     *   boucle. (man 2 recvfrom) */

    /* À FAIRE 5 : close() de la socket. */

    (void)sock;     /* à effacer quand vous utilisez ces variables */
    (void)longueur;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp2/client.c : à compléter (les étapes À FAIRE, labs/tp2-udp.md)\n");
    return 1;
}
