/*
 * exercices/tp3/client.c - TP3, le code des transparents (labs/tp3-rpc.md,
 * section 6) : le client ARITH avec l'API simplifiée. À COMPLÉTER.
 *
 * Ce qu'il doit faire : appeler ADD(13.4, 17.1) du programme ARITH sur la
 * machine HOST (son seul argument : ./client localhost) par un callrpc(),
 * comme si add() était une fonction locale, et afficher
 * « 13.400000 + 17.100000 = 30.500000 ».
 *
 *   make exercices                       compile ce fichier en exercices/tp3/client
 *   ./rpc/rpc_portmap -p 11111           terminal 1 : le portmapper
 *   ./rpc/rpc_arith_server -P 11111      terminal 2 : le serveur de socklab
 *   SOCKLAB_PMAP_PORT=11111 ./exercices/tp3/client localhost     terminal 3 : votre client
 *   ./labcheck/labcheck tp3.client -- ./exercices/tp3/client localhost   la vérification
 *
 * Chaque « À FAIRE N » est l'étape N de l'exercice de la section 6 du
 * polycopié. Le contrat (numéros, struct couple) est dans exemple.h, le
 * filtre XDR dans xdr_exemple.c (À FAIRE 4). Page de manuel : man 3 rpc
 * (callrpc, clnt_perrno).
 */
#include <stdio.h>

#include "exemple.h"

int main(int argc, char *argv[])
{
    struct couple don = { 13.4f, 17.1f };   /* les arguments */
    float x = 0;                            /* le résultat */

    if (argc != 2) {
        fprintf(stderr, "usage: client HOST\n");
        return 2;
    }

    /* À FAIRE 5 : callrpc(argv[1], ARITH_PROG, ARITH_VERS1, ADD_PROC,
     *   (xdrproc_t)FILTRE_ARGUMENT, (char *)&don, (xdrproc_t)FILTRE_RESULTAT,
     *   (char *)&x) : demande le port au portmapper de HOST, envoie l'appel
     *   en UDP, attend la réponse. Il rend 0 (RPC_SUCCESS) ou l'erreur :
     *   alors clnt_perrno() l'affiche, et return 1 (section 5 : un appel
     *   distant peut échouer, un appel local non). */

    /* À FAIRE 6 : afficher la ligne des transparents,
     *   printf("%f + %f = %f\n", ...), puis return 0. */

    (void)argv;     /* à effacer quand vous utilisez ces variables */
    (void)don;
    (void)x;

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp3/client.c : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)\n");
    return 1;
}
