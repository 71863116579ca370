/* views.c — JSON renderings of domain structs; see views.h. */
#include "http.h"
#include "views.h"

json_t *json_user(const User *u)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, "
                   "s:b, s:o, s:o}",
                   "id", (json_int_t)u->id, "username", u->username,
                   "display_name", u->display_name, "role",
                   role_name(u->role), "department_id",
                   jid(u->department_id), "region_code", jstr(u->region_code),
                   "enterprise_id", jid(u->enterprise_id), "level",
                   jstr(u->level), "phone", jstr(u->phone), "disabled",
                   u->is_disabled, "can_sign_in", u->password_hash != NULL,
                   "created_at", jtime(u->created_at), "updated_at",
                   jtime(u->updated_at));
}

json_t *json_enterprise(const Enterprise *e)
{
  json_t *j = json_pack(
    "{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:b, s:b}", "id",
    (json_int_t)e->id, "credit_code", e->credit_code, "code_exception",
    jstr(e->code_exception), "name", e->name, "region_code", e->region_code,
    "region_name", jstr(e->region_name), "industry_code",
    jstr(e->industry_code), "scale", e->scale, "four_above",
    e->is_four_above, "key", e->is_key, "foreign_invested",
    e->is_foreign_invested, "foreign_trade", e->is_foreign_trade);

  json_object_set_new(j, "employees", e->employees < 0
                                        ? json_null()
                                        : json_integer(e->employees));
  json_object_set_new(j, "address", jstr(e->address));
  json_object_set_new(j, "contact_name", jstr(e->contact_name));
  json_object_set_new(j, "contact_phone", jstr(e->contact_phone));
  json_object_set_new(j, "disabled", json_boolean(e->is_disabled));
  json_object_set_new(j, "created_at", jtime(e->created_at));
  json_object_set_new(j, "updated_at", jtime(e->updated_at));
  return j;
}
