/*
 * exercices/tp3/xdr_exemple.c - TP3, le code des transparents
 * (labs/tp3-rpc.md, section 6) : le filtre XDR de struct couple. À COMPLÉTER.
 *
 * Une seule fonction pour les trois sens : elle code (le client : les
 * arguments à envoyer), décode (le serveur : les arguments reçus) ou libère,
 * selon xdrp->x_op. Elle rend TRUE quand tout s'est bien passé, FALSE sinon.
 * Le serveur et le client la compilent tous les deux (make exercices).
 */
#include "exemple.h"

bool_t xdr_couple(XDR *xdrp, struct couple *p)
{
    /* À FAIRE 4 : les deux float du couple, e1 puis e2, chacun par xdr_float()
     *   (qui prend le XDR et l'adresse du float) ; les deux doivent réussir :
     *   enchaînez-les avec &&. (labs/tp3-rpc-xdr.md : pourquoi XDR ?) */
    (void)xdrp;     /* à effacer quand vous utilisez ces paramètres */
    (void)p;
    return FALSE;
}
