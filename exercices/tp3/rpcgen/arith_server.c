/*
 * exercices/tp3/rpcgen/arith_server.c - TP3, l'exercice rpcgen
 * (labs/tp3-rpc.md, section 7) : les trois procédures du serveur ARITH
 * généré par rpcgen. À COMPLÉTER.
 *
 * rpcgen a tout écrit sauf le calcul : à partir de arith.x, arith_svc.c
 * contient main() (il inscrit le programme auprès du portmapper, en UDP et
 * en TCP, puis svc_run()) et le dispatch, qui décode l'argument et appelle
 * ADD_PROC version 1 sous le nom add_proc_1_svc(). Chaque procédure reçoit
 * l'argument décodé (couple *, le type que rpcgen a tiré de arith.x) et la
 * requête, et rend l'adresse de son résultat, qui doit survivre au return
 * (static). Les noms et les types exacts : arith.h, après rpcgen arith.x.
 *
 *   make exercices                       rpcgen arith.x, puis compile ce fichier
 *                                        avec arith_svc.c et arith_xdr.c (libtirpc)
 *   sudo ./rpc/rpc_portmap               terminal 1 : le portmapper (port 111)
 *   sudo ./exercices/tp3/rpcgen/arith_server      terminal 2 : votre serveur
 *   ./rpc/rpc_arith_client 127.0.0.1 add 13.4 17.1           terminal 3
 *   sudo ./labcheck/labcheck tp3.serveur -- ./exercices/tp3/rpcgen/arith_server
 *
 * Chaque « À FAIRE N » est l'étape N de l'exercice de la section 7 du
 * polycopié. Il faut rpcgen (paquet rpcsvc-proto) et libtirpc-dev : le code
 * de rpcgen appelle svc_register, clnt_create... que l'API simplifiée de
 * socklab (rpc/classic) n'a pas.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "arith.h"

float *add_proc_1_svc(couple *args, struct svc_req *req)
{
    /* À FAIRE 1 : static float result ; result = e1 + e2 (args->e1...) ;
     *   return &result. req (qui appelle, par quel transport) ne sert pas ici :
     *   (void)req. */
    (void)args;     /* à effacer quand vous utilisez ces paramètres */
    (void)req;
    return NULL;    /* NULL : le dispatch de rpcgen ne répond pas */
}

float *mult_proc_1_svc(couple *args, struct svc_req *req)
{
    /* À FAIRE 2 : comme add_proc_1_svc(), avec e1 * e2. */
    (void)args;
    (void)req;
    return NULL;
}

float *sqrt_proc_1_svc(couple *args, struct svc_req *req)
{
    /* À FAIRE 3 : comme add_proc_1_svc(), avec sqrtf(e1). */
    (void)args;
    (void)req;
    return NULL;
}

/* À effacer quand le programme est complet : main() est celui de rpcgen
 * (arith_svc.c), ce fichier ne peut donc pas commencer par ce message ; une
 * fonction « constructor » (gcc, clang) est lancée avant main(). */
__attribute__((constructor)) static void a_completer(void)
{
    fprintf(stderr, "exercices/tp3/rpcgen/arith_server.c : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)\n");
    exit(1);
}
