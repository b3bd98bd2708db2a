/*
 * assets.h: the web page's files, embedded in the binary at build time (by
 * embed_assets.cmake, from serve/www/) so an installed lasearch-serve needs
 * nothing beside it and the page works offline.
 */
#ifndef LASEARCH_SERVE_ASSETS_H
#define LASEARCH_SERVE_ASSETS_H

#include <stddef.h>

typedef struct serve_asset {
    const char *path;           /* URL path, e.g. "/app.js" */
    const char *type;           /* Content-Type */
    const unsigned char *data;
    size_t size;
} serve_asset;

/* The asset served at path, or NULL. */
const serve_asset *serve_asset_find(const char *path);

#endif /* LASEARCH_SERVE_ASSETS_H */
