# SPDX-License-Identifier: MIT
# Turns a file into C source holding its bytes, so the program carries it:
#   cmake -DIN=src/viewer/index.html -DOUT=index_html.c -DNAME=vk_viewer_index_html -P embed.cmake
# defines  const unsigned char NAME[]  (NUL-terminated)  and
#          const size_t NAME_len      (without the NUL).
# Plain CMake, so the build needs no xxd.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" nhex)
math(EXPR nbytes "${nhex} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" body "${body}")
get_filename_component(base "${IN}" NAME)
file(WRITE "${OUT}"
"/* Generated from ${base} by cmake/embed.cmake; do not edit. */
#include <stddef.h>

extern const unsigned char ${NAME}[];
extern const size_t ${NAME}_len;

const unsigned char ${NAME}[] = {
${body}0x00};
const size_t ${NAME}_len = ${nbytes};
")
