"""One report build at a time per inputs folder, run in a thread while the page shows its
steps (the page reloads itself; no JavaScript needed)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Said
from . import service
from .files import audit, build_lock

log = logging.getLogger(__name__)


@dataclass
class Job:
    user: str
    year: int | None
    previous: int | None
    language: str | None
    variant: str
    allow_missing: bool = False
    step: int = -1  # index into service.BUILD_STEPS of the step running
    done: bool = False
    problems: tuple = ()
    files: dict[str, Path] = field(default_factory=dict)
    pages: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.done and bool(self.files)


class Builds:
    """The build of this server (the last one, or the one running)."""

    def __init__(self, inputs: Path, reports: Path, templates: Path | None = None):
        self.inputs, self.reports, self.templates = inputs, reports, templates
        self.job: Job | None = None
        self._guard = threading.Lock()

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def start(self, job: Job, wait: bool = False) -> bool:
        """False when a build is running already (this one is not started)."""
        with self._guard:
            if self.running:
                return False
            self.job = job
        thread = threading.Thread(target=self._run, args=(job,), daemon=True)
        thread.start()
        if wait:
            thread.join()
        return True

    def _run(self, job: Job) -> None:
        try:
            with build_lock(self.inputs) as mine:
                if not mine:
                    job.problems = (service.error(Said("web_busy")),)
                    return
                checked, files, pages = service.build(
                    self.inputs,
                    self.reports,
                    job.year,
                    job.previous,
                    job.language,
                    job.variant,
                    step=lambda i: setattr(job, "step", i),
                    allow_missing=job.allow_missing,
                    templates=self.templates,
                )
                job.problems, job.files, job.pages = checked.problems, files, pages
                if files:
                    audit(self.inputs, job.user, Said("audit_built"), files["pdf"].name)
        except Exception as exc:  # a bug of ours: shown on the page, logged in full
            log.exception("report not built")
            said = Said("web_internal_error", kind=type(exc).__name__, reason=str(exc))
            job.problems = (service.error(said),)
        finally:
            job.seconds = time.monotonic() - job.started
            job.done = True
