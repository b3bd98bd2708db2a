/* stopwords.c: the stop word list (see stopwords.h). */
#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Sorted (byte order), for bsearch. */
static const char *const words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "may", "me", "might", "more", "most",
    "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "own", "same", "shall", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "within",
    "would", "you", "your", "yours", "yourself", "yourselves",
};

static int cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int stopword_is(const char *w, size_t len)
{
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, w, len);
    buf[len] = '\0';
    return bsearch(buf, words, sizeof words / sizeof *words, sizeof *words, cmp) != NULL;
}
