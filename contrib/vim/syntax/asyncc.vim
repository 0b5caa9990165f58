" asyncc.vim — Vim syntax for Async C (.ac): C's, plus the keywords async,
" await and defer and the statement ac_raise.
if exists('b:current_syntax')
  finish
endif
runtime! syntax/c.vim
unlet! b:current_syntax

syn keyword asyncKeyword async await defer __async __await __defer
syn keyword asyncRaise ac_raise

hi def link asyncKeyword Statement
hi def link asyncRaise Statement

let b:current_syntax = 'asyncc'
