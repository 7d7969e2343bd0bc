/*
 * exercices/tp3/serveur.c - TP3, le code des transparents (labs/tp3-rpc.md,
 * section 6) : le serveur ARITH avec l'API simplifiée. À COMPLÉTER.
 *
 * Ce qu'il doit faire : offrir le programme ARITH (858993459, version 1) et
 * ses trois procédures, ADD (e1 + e2), MULT (e1 * e2) et SQRT (racine de
 * e1), sur un struct couple { float e1, e2; } qui rend un float ; les
 * inscrire auprès du portmapper (registerrpc) ; puis attendre les appels
 * (svc_run). Ctrl-C : svc_run() désinscrit le programme et rend la main.
 *
 *   make exercices                       compile ce fichier en exercices/tp3/serveur
 *   ./rpc/rpc_portmap -p 11111           terminal 1 : le portmapper
 *   SOCKLAB_PMAP_PORT=11111 ./exercices/tp3/serveur       terminal 2 : votre serveur
 *   ./rpc/rpc_arith_client -P 11111 -T udp 127.0.0.1 add 13.4 17.1   terminal 3
 *   ./labcheck/labcheck tp3.serveur -- ./exercices/tp3/serveur       la vérification
 *
 * Chaque « À FAIRE N » est l'étape N de l'exercice de la section 6 du
 * polycopié. Le contrat (numéros, struct couple) est dans exemple.h, le
 * filtre XDR dans xdr_exemple.c (À FAIRE 4). Pages de manuel : man 3 rpc
 * (registerrpc, svc_run : « simplified interface »).
 */
#include <math.h>
#include <stdio.h>

#include "exemple.h"

/* Une procédure distante : registerrpc() lui passe l'argument décodé comme
 * un char * (c'est un struct couple *), et envoie au client ce vers quoi
 * pointe ce qu'elle rend (ici un float). Le résultat doit survivre au
 * return : une variable static. */
char *add(char *arg)
{
    /* À FAIRE 1 : l'argument est un struct couple * : convertissez-le, calculez
     *   res = e1 + e2, et rendez (char *)&res. Puis mult() et racine(). */
    (void)arg;      /* à effacer quand vous utilisez l'argument */
    return NULL;
}

char *mult(char *arg)
{
    /* À FAIRE 1 : comme add(), avec e1 * e2. */
    (void)arg;
    return NULL;
}

char *racine(char *arg)
{
    /* À FAIRE 1 : comme add(), avec sqrtf(e1) (math.h ; make exercices lie -lm). */
    (void)arg;
    return NULL;
}

int main(void)
{
    /* À FAIRE 2 : trois registerrpc(), une par procédure :
     *   registerrpc(ARITH_PROG, ARITH_VERS1, ADD_PROC, add,
     *               (xdrproc_t)FILTRE_ARGUMENT, (xdrproc_t)FILTRE_RESULTAT)
     *   avec le filtre de l'argument (xdr_couple) et celui du résultat
     *   (xdr_float). Chacune rend -1 en cas d'échec (pas de portmapper ?) :
     *   dites-le sur stderr et return 1. */

    /* À FAIRE 3 : afficher « Serveur ARITH prêt (programme 858993459,
     *   version 1) » (fflush(stdout) : le message part tout de suite), puis
     *   svc_run() : il attend les appels et appelle vos procédures. Il rend
     *   la main après Ctrl-C (le programme est alors désinscrit) : return 0. */

    /* À effacer quand le programme est complet : */
    fprintf(stderr, "exercices/tp3/serveur.c : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)\n");
    return 1;
}
