# Two commands do everything: `make demo` and `make test` (each sets itself up first).
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SAMPLE := episodes/2026-11-24-the-script-is-the-edit

.PHONY: setup demo test bench eval eval-held-out clean

$(STAMP): pyproject.toml requirements.lock requirements-openai-whisper.lock scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(PY) -m synth.demo $(SAMPLE)
	$(VENV)/bin/produce episode $(notdir $(SAMPLE))
	$(VENV)/bin/produce publish
	@echo
	@echo "feed: $(CURDIR)/public/feed.xml"
	@echo "mp3:  $(CURDIR)/public/episodes/$(notdir $(SAMPLE))/$(notdir $(SAMPLE)).mp3"
	@echo "review and correct the edit: $(VENV)/bin/produce review $(notdir $(SAMPLE))   (a static view: $(SAMPLE)/build/review.html)"
	@echo "listen in a podcast app: $(VENV)/bin/produce serve   then add http://127.0.0.1:8000/feed.xml"

test: $(STAMP)
	$(VENV)/bin/pytest -q

bench: $(STAMP)
	$(PY) bench/run.py

eval: $(STAMP)
	$(PY) -m eval.run --replan

eval-held-out: $(STAMP)
	$(PY) -m eval.run --replan --held-out

clean:
	rm -rf public $(SAMPLE)/build $(SAMPLE)/recording.wav
