;;; design-ls-test.el --- design-mode and design-ls under eglot, as a user sees them  -*- lexical-binding: t; -*-

;; Run by tests/emacs/run: emacs --batch -Q -l this-file, with
;; DESIGN_LS_ROOT set to the repository and design-ls on PATH.  Prints one
;; line per check, "✓ name" or "✗ name: what was seen", and exits 1 if any
;; check failed.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

;; -Q skips Debian's site-start, which activates the packages from elpa-eglot.
(when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
  (setq package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
(package-initialize)

(defvar design-test-root (file-name-as-directory (getenv "DESIGN_LS_ROOT")))
(load (expand-file-name "editors/emacs/design-mode.el" design-test-root) nil t)
(require 'eglot)

(defvar design-test-failures 0)

(defun design-test-check (name ok &optional seen)
  "Print NAME with a tick when OK, else with a cross and SEEN."
  (if ok
      (princ (format "✓ %s\n" name))
    (setq design-test-failures (1+ design-test-failures))
    (princ (format "✗ %s: %s\n" name seen))))

(defun design-test-wait (seconds predicate)
  "Let process output in for up to SECONDS until PREDICATE holds; return its value."
  (let ((deadline (+ (float-time) seconds))
        value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun design-test-goto (line column)
  "Move to 1-based LINE and COLUMN."
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column (1- column)))

(defun design-test-position (pos)
  "POS as \"LINE:COLUMN\", both 1-based."
  (save-excursion
    (goto-char pos)
    (format "%d:%d" (line-number-at-pos) (1+ (current-column)))))

(defun design-test-expected-diagnostics (file)
  "The diagnostics of `design-ls check' listed in FILE, as flymake shows them.
Each is (\"LINE:COLUMN-LINE:COLUMN\" TYPE TEXT), where TEXT is eglot's
\"design-ls [CODE]: MESSAGE\" and the end comes from the caret line."
  (with-temp-buffer
    (insert-file-contents file)
    (let (diagnostics)
      (while (re-search-forward
              "^[^:\n]+:\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|hint\\): \\(.*\\) \\[\\([a-z-]+\\)\\]$"
              nil t)
        (let ((line (string-to-number (match-string 1)))
              (column (string-to-number (match-string 2)))
              (type (pcase (match-string 3)
                      ("error" 'eglot-error)
                      ("warning" 'eglot-warning)
                      (_ 'eglot-note)))
              (text (format "design-ls [%s]: %s" (match-string 5) (match-string 4))))
          (forward-line 2)
          (re-search-forward "\\^+" (line-end-position))
          (push (list (format "%d:%d-%d:%d" line column line (+ column (length (match-string 0))))
                      type text)
                diagnostics)))
      (nreverse diagnostics))))

(defun design-test-flymake-diagnostics ()
  "The flymake diagnostics, in the form of `design-test-expected-diagnostics'."
  (sort (mapcar (lambda (d)
                  (list (concat (design-test-position (flymake-diagnostic-beg d)) "-"
                                (design-test-position (flymake-diagnostic-end d)))
                        (flymake-diagnostic-type d)
                        (flymake-diagnostic-text d)))
                (flymake-diagnostics))
        (lambda (a b) (< (design-test-sort-key a) (design-test-sort-key b)))))

(defun design-test-sort-key (entry)
  "A sort key for ENTRY: its line times 1000 plus its column."
  (let ((start (car (split-string (car entry) "-"))))
    (pcase-let ((`(,line ,column) (mapcar #'string-to-number (split-string start ":"))))
      (+ (* line 1000) column))))

(defun design-test-hover-at-point ()
  "The hover text that eldoc shows at point, or nil after 10 seconds."
  (let (shown)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown (or info ""))))
    (design-test-wait 10 (lambda () shown))))

(defconst design-test-mechanisms
  '("append-log" "claim-lease" "counter" "due-scan" "frontier" "guarded-update" "hold"
    "insert" "materialized-view" "search-index" "snapshot-publication" "source-read"
    "top-k" "versioned-overwrite" "workflow"))

;; The README shows the lines that wire Emacs to the server; they must be the ones tested here.
(let* ((readme (with-temp-buffer
                 (insert-file-contents (expand-file-name "editors/README.md" design-test-root))
                 (buffer-string)))
       (snippet (and (string-match "```elisp\n\\((define-derived-mode design-mode \\(?:.\\|\n\\)*?\\)```" readme)
                     (match-string 1 readme)))
       (source (with-temp-buffer
                 (insert-file-contents (expand-file-name "editors/emacs/design-mode.el" design-test-root))
                 (buffer-string))))
  (design-test-check "editors/README.md shows design-mode.el's own mode, file association and eglot lines"
                     (and snippet (string-search snippet source))
                     (or snippet "no ```elisp block starting with (define-derived-mode design-mode")))

(let* ((dir (make-temp-file "design-ls-emacs" t))
       (file (expand-file-name "broken.design" dir))
       (expected (design-test-expected-diagnostics
                  (expand-file-name "examples/broken/broken.expected" design-test-root)))
       server
       start-error)
  (copy-file (expand-file-name "examples/broken/broken.design" design-test-root) file)
  (find-file file)
  ;; Batch Emacs runs no command loop; run the hook eglot-ensure waits for once, as a keystroke would.
  (condition-case err (run-hooks 'post-command-hook) (error (setq start-error err)))

  (design-test-check "broken.design opens in design-mode" (eq major-mode 'design-mode) major-mode)
  (font-lock-ensure)
  (let ((faces (mapcar (lambda (at) (design-test-goto (car at) (cdr at)) (get-text-property (point) 'face))
                       '((1 . 3) (9 . 1) (9 . 11) (9 . 22) (16 . 29) (22 . 11) (24 . 3) (73 . 14)))))
    (design-test-check
     "highlighting: comment, keyword, component, technology, in, operation name, field key, duration"
     (equal faces '(font-lock-comment-face font-lock-keyword-face font-lock-variable-name-face
                    font-lock-type-face font-lock-keyword-face font-lock-function-name-face
                    font-lock-builtin-face font-lock-constant-face))
     faces))

  (with-temp-buffer
    (design-mode)
    (insert "operation \"a\" {\nshape: create\n      mechanism: insert\n  }\n")
    (indent-region (point-min) (point-max))
    (design-test-check "indentation: fields by 2 inside braces, `}' at column 0"
                       (equal (buffer-string) "operation \"a\" {\n  shape: create\n  mechanism: insert\n}\n")
                       (buffer-string))
    (goto-char (point-min))
    (forward-line 1)
    (comment-region (line-beginning-position) (line-end-position))
    (design-test-check "commenting a line prefixes `# '"
                       (equal (buffer-substring (line-beginning-position) (line-end-position))
                              "  # shape: create")
                       (buffer-substring (line-beginning-position) (line-end-position))))

  (setq server (design-test-wait 10 #'eglot-current-server))
  (design-test-check "eglot starts design-ls for the buffer with language id \"design\""
                     (and server (equal (eglot--language-id server) "design"))
                     (or start-error (and server (eglot--language-id server))))
  (when server
    (condition-case err
        (progn
          ;; Flymake starts on display or after a command; neither happens in batch.
          (flymake-start)
          (let ((seen (design-test-wait 20 (lambda () (>= (length (flymake-diagnostics)) (length expected))))))
            (design-test-check (format "flymake receives %d diagnostics within 20 s" (length expected))
                               seen (length (flymake-diagnostics))))
          (let ((actual (design-test-flymake-diagnostics)))
            (design-test-check
             "flymake shows every diagnostic of broken.expected: line, columns, severity, \"design-ls [code]: message\""
             (equal actual expected)
             (format "missing %S, unexpected %S"
                     (cl-set-difference expected actual :test #'equal)
                     (cl-set-difference actual expected :test #'equal))))

          (design-test-goto 35 14)
          (let ((hover (design-test-hover-at-point)))
            (design-test-check "hover on `insert' shows the Insert / Create card"
                               (and hover (string-match-p "Insert / Create" hover)
                                    (string-match-p "Write a new row into the source-of-truth store exactly once" hover))
                               hover))

          (design-test-goto 28 10)
          (let* ((definitions (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
                 (where (mapcar (lambda (item)
                                  (let ((location (xref-item-location item)))
                                    (format "%s:%d" (file-name-nondirectory (xref-location-group location))
                                            (xref-location-line location))))
                                definitions)))
            (design-test-check "go to definition of `shop_db' in `store: shop_db' lands on its declaration, line 10"
                               (equal where '("broken.design:10")) where))

          (design-test-goto 27 1)
          (end-of-line)
          (delete-region (- (point) (length "insret")) (point))
          (let* ((capf (eglot-completion-at-point))
                 (offered (and capf (sort (all-completions "" (nth 2 capf)) #'string<))))
            (design-test-check "completion after `mechanism: ' offers the 15 mechanisms"
                               (equal offered design-test-mechanisms) offered))

          (design-explain-mechanism "claim-lease")
          (let ((card (with-current-buffer "*design-ls explain*" (buffer-string))))
            (design-test-check "M-x design-explain-mechanism RET claim-lease shows its card"
                               (and (string-prefix-p "### Claim / Lease\n" card)
                                    (string-match-p "`mechanism: claim-lease`" card))
                               (substring card 0 (min 80 (length card)))))
          (let ((offered (mapcar (lambda (m) (plist-get m :name)) (design--execute "design-ls.mechanisms"))))
            (design-test-check "design-explain-mechanism offers the 15 mechanisms to choose from"
                               (equal (sort offered #'string<) design-test-mechanisms) offered))
          (let ((refusal (condition-case err (progn (design-explain-mechanism "outbox") nil)
                           (user-error (cadr err)))))
            (design-test-check "design-explain-mechanism refuses `outbox' with design-ls's message"
                               (and refusal (string-prefix-p "unknown mechanism `outbox`; known mechanisms: insert, " refusal))
                               refusal))

          ;; eglot 1.9 speaks UTF-16 columns; a name with a letter outside the BMP shifts them.
          (let ((unicode (expand-file-name "unicode.design" dir)))
            (with-temp-file unicode
              (insert "component \U0001D49Cb\u00fcro: postgress\n"))
            (find-file unicode)
            (condition-case err (run-hooks 'post-command-hook) (error (setq start-error err)))
            (flymake-start)
            (let* ((diagnostic (design-test-wait
                                10 (lambda () (seq-find (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error))
                                                        (flymake-diagnostics)))))
                   (marked (and diagnostic (buffer-substring (flymake-diagnostic-beg diagnostic)
                                                             (flymake-diagnostic-end diagnostic)))))
              (design-test-check "after `component \U0001D49Cb\u00fcro: ' the unknown-technology error marks exactly `postgress'"
                                 (equal marked "postgress") (or marked start-error (flymake-diagnostics)))))

          ;; What eglot-shutdown sends, without its kill after a grace period, so a hung server shows.
          (let ((process (jsonrpc--process server))
                (eglot-autoreconnect nil))
            (jsonrpc-request server :shutdown nil :timeout 5)
            (jsonrpc-notify server :exit nil)
            (design-test-wait 5 (lambda () (not (process-live-p process))))
            (design-test-check "design-ls exits with status 0 on shutdown and exit"
                               (and (not (process-live-p process)) (zerop (process-exit-status process)))
                               (format "%s %s" (process-status process) (process-exit-status process)))))
      ;; An error in one step (a request that timed out, a server that died) still gives a ✗ line.
      (error (design-test-check "the checks with the server ran to the end" nil err)))
    (let ((process (jsonrpc--process server)))
      (when (process-live-p process)
        (delete-process process))))
  (delete-directory dir t))

(kill-emacs (if (zerop design-test-failures) 0 1))

;;; design-ls-test.el ends here
