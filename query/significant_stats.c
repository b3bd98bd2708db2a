/* significant_stats.c: Dunning's log-likelihood ratio (see significant.h). */
#include "significant.h"

#include <math.h>

/* O ln(O / E), with 0 ln 0 = 0. */
static double term(double o, double e)
{
    return o > 0 && e > 0 ? o * log(o / e) : 0.0;
}

double significant_g2(uint32_t a, uint32_t n1, uint32_t b, uint32_t n2)
{
    if (n1 == 0 || n2 == 0 || a > n1 || b > n2)
        return 0.0;
    double n = (double)n1 + n2;
    double with = (double)a + b, without = n - with;
    double e11 = n1 * with / n, e12 = n1 * without / n;
    double e21 = n2 * with / n, e22 = n2 * without / n;
    double g = term(a, e11) + term((double)n1 - a, e12) + term(b, e21) +
               term((double)n2 - b, e22);
    /* Rounding can make a G2 that should be 0 a tiny negative. */
    return g > 0 ? 2.0 * g : 0.0;
}
