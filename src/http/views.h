/*
 * views.h — domain structs as the API's JSON, one function each, shared by
 * the handlers and the exports so a record looks the same everywhere.
 * Each returns a new reference.
 */
#ifndef QT_VIEWS_H
#define QT_VIEWS_H

#include <jansson.h>

#include "store.h"

json_t *json_user(const User *u);
json_t *json_enterprise(const Enterprise *e);

#endif
