;;; design-mode.el --- Major mode for .design files, served by design-ls through eglot  -*- lexical-binding: t; -*-

;; Emacs 29 and newer have eglot built in; on Emacs 28 install it first
;; (Debian: `apt install elpa-eglot', or `M-x package-install RET eglot').
;; Load this file from your init file, with design-ls on `exec-path':
;;
;;   (load "/path/to/design-ls/editors/emacs/design-mode.el")
;;
;; Opening a .design file then starts design-ls, which reports diagnostics
;; through Flymake, shows hover cards through ElDoc and completes through
;; `completion-at-point'.  M-x design-explain-mechanism shows a mechanism's card.

;;; Code:

(defvar design-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\r ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?{ "(}" table)
    (modify-syntax-entry ?} "){" table)
    table)
  "Syntax table for `design-mode': `#' comments, strings and braces.")

(defconst design--identifier
  "[[:alpha:]_-][[:alnum:]_-]*"
  "An identifier: Unicode letters, digits, `_' and `-', not starting with a digit.")

(defconst design-font-lock-keywords
  `((,(concat "^[ \t]*\\(system\\|operation\\)\\_>") 1 font-lock-keyword-face)
    (,(concat "^[ \t]*\\(component\\)[ \t]+\\(" design--identifier "\\)[ \t]*:[ \t]*\\("
              design--identifier "\\)\\(?:[ \t]+\\(as\\)[ \t]+\\(" design--identifier "\\)\\)?"
              "\\(?:[ \t]+\\(in\\)[ \t]+\\(" design--identifier "\\)\\)?")
     (1 font-lock-keyword-face)
     (2 font-lock-variable-name-face)
     (3 font-lock-type-face)
     (4 font-lock-keyword-face nil t)
     (5 font-lock-type-face nil t)
     (6 font-lock-keyword-face nil t)
     (7 font-lock-variable-name-face nil t))
    (,(concat "^[ \t]*operation[ \t]+\\(\"[^\"\n]*\"\\)") 1 font-lock-function-name-face t)
    (,(concat "^[ \t]*\\(" design--identifier "\\)[ \t]*:") 1 font-lock-builtin-face)
    ("\\_<[0-9]+\\(?:ms\\|s\\|m\\|h\\|d\\)\\_>" . font-lock-constant-face))
  "Highlighting for `design-mode', after grammar/queries/highlights.scm.")

(defcustom design-indent-offset 2
  "Columns that a field inside an operation's braces is indented by."
  :type 'integer
  :group 'languages)

(defun design-indent-line ()
  "Indent the current line by its depth in braces.
A line that starts with `}' closes one level."
  (let* ((depth (save-excursion (car (syntax-ppss (line-beginning-position)))))
         (closes (save-excursion (back-to-indentation) (eq (char-after) ?})))
         (column (* design-indent-offset (max 0 (- depth (if closes 1 0))))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

(declare-function eglot-current-server "eglot")
(declare-function jsonrpc-request "jsonrpc")
(defvar eglot-server-programs)

(defun design--execute (command &rest arguments)
  "Run design-ls's COMMAND with ARGUMENTS and return its result.
A refusal by the server becomes a `user-error' with the server's message."
  (let ((server (or (eglot-current-server)
                    (user-error "design-ls is not running for this buffer; open a .design file"))))
    (condition-case err
        (jsonrpc-request server :workspace/executeCommand
                         `(:command ,command :arguments ,(vconcat arguments)))
      (jsonrpc-error (user-error "%s" (alist-get 'jsonrpc-error-message (cddr err)))))))

(defun design-explain-mechanism (mechanism)
  "Show the card of MECHANISM in the buffer *design-ls explain*.
Interactively, offer the catalog's mechanisms to choose from."
  (interactive
   (list (completing-read "Mechanism: "
                          (mapcar (lambda (m) (plist-get m :name))
                                  (design--execute "design-ls.mechanisms"))
                          nil t)))
  (let ((card (design--execute "design-ls.explain" mechanism)))
    (with-help-window "*design-ls explain*"
      (princ (plist-get card :markdown)))))

;;;###autoload
(define-derived-mode design-mode prog-mode "Design"
  "Major mode for .design files: system designs checked by design-ls."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local font-lock-defaults '(design-font-lock-keywords))
  (setq-local indent-line-function #'design-indent-line))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.design\\'" . design-mode))

;; eglot names the language `design' after the mode, which is the id design-ls expects.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(design-mode . ("design-ls" "--stdio"))))

(add-hook 'design-mode-hook #'eglot-ensure)

(provide 'design-mode)

;;; design-mode.el ends here
