#!/bin/sh
# Installs Debian's poppler-utils (pdffonts, pdftotext, pdfinfo) for the PDF edition's tests
# (tests/test_pdf.py). Needs root (or sudo).
set -e
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing poppler-utils (Debian package) for the PDF tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >/dev/null
command -v pdftotext
