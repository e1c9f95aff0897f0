/*
 * banned.h: functions that overflow or are not thread-safe. Including this
 * turns a use of them into a compile error, as git does.
 */
#ifndef RT_BANNED_H
#define RT_BANNED_H

#define RT_BANNED(func) sorry_##func##_is_banned_in_retort

#undef strcpy
#define strcpy(x, y) RT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) RT_BANNED(strcat)
#undef sprintf
#define sprintf(...) RT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RT_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) RT_BANNED(strtok)
#undef gmtime
#define gmtime(x) RT_BANNED(gmtime)
#undef localtime
#define localtime(x) RT_BANNED(localtime)

#endif
