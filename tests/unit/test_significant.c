/*
 * test_significant.c: the statistics behind --significant. G2 values are
 * checked against numbers worked out by hand from the formula in
 * significant.h (2 * sum O ln(O/E) over the 2x2 table), and the stop word
 * list against words it must and must not hold.
 */
#include "check.h"

#include <math.h>

#include "significant.h"
#include "stopwords.h"

static int near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

int main(void)
{
    /* 10 of 100 against 10 of 1000: E = 1.818, 98.18, 18.18, 981.8;
     * 10 ln 5.5 + 90 ln(90/98.18) + 10 ln 0.55 + 990 ln(990/981.8)
     * = 17.0475 - 7.8310 - 5.9784 + 8.2158 = 11.4539; G2 = 22.9078. */
    double g = significant_g2(10, 100, 10, 1000);
    CHECK(near(g, 22.907803544618957), "G2(10/100, 10/1000) = %.9f", g);
    /* A perfect split of 3 and 3: every E is 1.5, G2 = 4 * 3 ln 2 = 12 ln 2. */
    g = significant_g2(3, 3, 0, 3);
    CHECK(near(g, 12 * log(2.0)), "G2(3/3, 0/3) = %.9f", g);
    /* Symmetric: which side is which does not change the statistic. */
    CHECK(near(significant_g2(10, 1000, 10, 100), 22.907803544618957), "symmetric");
    /* The same rate on both sides: no evidence at all. */
    g = significant_g2(5, 50, 50, 500);
    CHECK(near(g, 0.0), "equal rates give 0, not %.9f", g);
    /* Nothing to compare with, and impossible counts. */
    CHECK(significant_g2(3, 0, 1, 10) == 0.0, "empty foreground");
    CHECK(significant_g2(3, 10, 1, 0) == 0.0, "empty background");
    CHECK(significant_g2(11, 10, 1, 10) == 0.0, "a > n1");
    /* The threshold: 10.83 is p < 0.001 with one degree of freedom. */
    CHECK(significant_g2(10, 66, 0, 196) > SIGNIFICANT_MIN_G2, "planted phrase passes");
    CHECK(significant_g2(3, 100, 10, 1000) < SIGNIFICANT_MIN_G2, "3%% vs 1%% does not");

    CHECK(stopword_is("the", 3), "the");
    CHECK(stopword_is("we", 2), "we");
    CHECK(stopword_is("yourselves", 10), "last of the list");
    CHECK(stopword_is("a", 1), "first of the list");
    CHECK(!stopword_is("care", 4), "care is not a stop word");
    CHECK(!stopword_is("thee", 4), "thee");
    CHECK(!stopword_is("th", 2), "a prefix of a stop word is not one");
    CHECK(!stopword_is("", 0), "empty");
    return check_report("significant");
}
