/* 031_digraphs: <: :> <% %> %: %:%: as tokens everywhere. */
%:include <stdio.h>
%:define CAT(a, b) a %:%: b
%:define STR(a) %:a

static int table<:5:> = <% 1, 2, 3, 4, 5 %>;
struct pair <% int a, b; %>;

static int sum(const int v<::>, int n)
<%
    int s = 0;
    for (int i = 0; i < n; i++) <%
        s += v<:i:>;
    %>
    return s;
%>

int main(void)
<%
    int CAT(my, var) = 7;
    printf("sum %d myvar %d\n", sum(table, 5), myvar);
    printf("str %s\n", STR(digraph));
    struct pair p = <% .a = 3, .b = 4 %>;
    int m<:2:><:2:> = <% <% 1, 2 %>, <% 3, 4 %> %>;
    printf("pair %d %d m %d %d\n", p.a, p.b, m<:0:><:1:>, m<:1:><:0:>);
    for (int i = 0; i < 5; i++)
        printf("table<:%d:> = %d\n", i, table<:i:>);
    printf("%s\n", "<: :> <% %> %: in a string are not digraphs");
    return 0;
%>
