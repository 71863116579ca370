/* test_mem.c — Buf and Arena (src/core/mem.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem.h"

static void test_buf_grows_and_stays_terminated(void **state)
{
  Buf b;
  int i;

  (void)state;
  buf_init(&b);
  assert_string_equal(buf_str(&b), "");
  for (i = 0; i < 1000; i++) {
    buf_printf(&b, "%d,", i % 10);
  }
  assert_int_equal(b.len, 2000);
  assert_int_equal(b.data[b.len], '\0');
  assert_memory_equal(b.data, "0,1,2,", 6);
  buf_reset(&b);
}

static void test_buf_take_hands_over_and_empties(void **state)
{
  Buf b;
  char *s;

  (void)state;
  buf_init(&b);
  buf_puts(&b, "企通");
  s = buf_take(&b);
  assert_string_equal(s, "企通");
  assert_int_equal(b.len, 0);
  assert_null(b.data);
  free(s);
}

static void test_arena_memory_is_zeroed_and_aligned(void **state)
{
  Arena *a = arena_new();
  int i;

  (void)state;
  for (i = 1; i < 200; i++) {
    unsigned char *p = arena_alloc(a, (size_t)i * 7);
    size_t j;
    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    for (j = 0; j < (size_t)i * 7; j++) {
      assert_int_equal(p[j], 0);
    }
    memset(p, 0xAB, (size_t)i * 7);
  }
  arena_free(a);
}

static void test_arena_big_allocation_keeps_earlier_strings(void **state)
{
  Arena *a = arena_new();
  char *small = arena_strdup(a, "潍坊");
  char *big = arena_alloc(a, 1024 * 1024);
  char *after = arena_printf(a, "%s-%d", small, 7);

  (void)state;
  memset(big, 'x', 1024 * 1024);
  assert_string_equal(small, "潍坊");
  assert_string_equal(after, "潍坊-7");
  assert_null(arena_strdup(a, NULL));
  assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
  arena_free(a);
  arena_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_buf_grows_and_stays_terminated),
    cmocka_unit_test(test_buf_take_hands_over_and_empties),
    cmocka_unit_test(test_arena_memory_is_zeroed_and_aligned),
    cmocka_unit_test(test_arena_big_allocation_keeps_earlier_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
