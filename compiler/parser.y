/* parser.y — placeholder grammar until the front end lands. */
%define api.pure full
%code provides { int yylex(YYSTYPE *lval); void yyerror(const char *msg); }
%token X
%%
unit: %empty | unit X;
%%
