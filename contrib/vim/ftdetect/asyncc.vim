" asyncc.vim — Vim: .ac files are Async C (configure.ac stays autoconf).
autocmd BufRead,BufNewFile *.ac
      \ if expand('<afile>:t') !=# 'configure.ac' | set filetype=asyncc | endif
