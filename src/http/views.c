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

json_t *json_department(const Department *d)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o}", "id",
                   (json_int_t)d->id, "name", d->name, "kind", d->kind,
                   "region_code", d->region_code, "parent_id",
                   jid(d->parent_id), "path", d->path ? d->path : "",
                   "disabled", d->is_disabled, "created_at",
                   jtime(d->created_at), "updated_at", jtime(d->updated_at));
}

json_t *json_project(const Project *p)
{
  json_t *j = json_pack(
    "{s:I, s:s, s:I, s:o, s:s, s:I, s:I, s:s}", "id", (json_int_t)p->id,
    "name", p->name, "enterprise_id", (json_int_t)p->enterprise_id,
    "enterprise_name", jstr(p->enterprise_name), "region_code",
    p->region_code, "total_investment", (json_int_t)p->total_investment,
    "annual_investment", (json_int_t)p->annual_investment, "stage",
    p->stage);

  json_object_set_new(j, "planned_start", jstr(p->planned_start));
  json_object_set_new(j, "planned_end", jstr(p->planned_end));
  json_object_set_new(j, "actual_start", jstr(p->actual_start));
  json_object_set_new(j, "actual_end", jstr(p->actual_end));
  json_object_set_new(j, "disabled", json_boolean(p->is_disabled));
  json_object_set_new(j, "created_at", jtime(p->created_at));
  json_object_set_new(j, "updated_at", jtime(p->updated_at));
  return j;
}

json_t *json_team(const Team *t)
{
  json_t *members = json_array();
  int i;

  for (i = 0; i < t->n_member_ids; i++) {
    json_array_append_new(members, json_integer(t->member_ids[i]));
  }
  return json_pack("{s:I, s:s, s:I, s:s, s:o, s:b, s:o, s:o}", "id",
                   (json_int_t)t->id, "name", t->name, "leader_id",
                   (json_int_t)t->leader_id, "region_code", t->region_code,
                   "member_ids", members, "disabled", t->is_disabled,
                   "created_at", jtime(t->created_at), "updated_at",
                   jtime(t->updated_at));
}

json_t *json_pairing(const Pairing *p)
{
  return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "id",
                   (json_int_t)p->id, "kind", p->kind, "user_id",
                   jid(p->user_id), "team_id", jid(p->team_id),
                   "enterprise_id", jid(p->enterprise_id), "project_id",
                   jid(p->project_id), "starts_on", p->starts_on, "ends_on",
                   jstr(p->ends_on), "created_at", jtime(p->created_at));
}
