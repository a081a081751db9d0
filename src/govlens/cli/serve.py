"""`govlens serve`: a run's report and archived evidence over HTTP on this machine only."""

from __future__ import annotations

from typing import Annotated

import typer

from govlens.cli.app import (
    Config,
    Workspace,
    app,
    console,
    fail,
    load_config_file,
    open_db,
    run_id_of,
    workspace_of,
)


@app.command()
def serve(
    run: Annotated[str, typer.Argument(metavar="RUN", help="Run id, or 'latest'.")] = "latest",
    workspace: Workspace = None,
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="A loopback address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="N", min=0, max=65535, help="The port (0: any free one).")] = 8000,
    config: Config = None,
) -> None:
    """Serve the run's folder (report, answer.json, replay/ snapshots of the archived evidence)
    until Ctrl-C. Only loopback: archived pages are evidence, not a public mirror."""
    from govlens.replay.serve import is_loopback, make_server
    from govlens.run.workspace import run_dir

    if not is_loopback(host):
        raise fail(f"--host {host}", "not a loopback address",
                   "serve on 127.0.0.1 (or ::1) and copy the run folder to share it")
    ws = workspace_of(workspace, load_config_file(config))
    run_id = run_id_of(open_db(ws, create=False), run, ws)
    folder = run_dir(ws, run_id)
    try:
        server = make_server(folder, host, port)
    except OSError as exc:
        raise fail(f"--port {port}", exc.strerror or str(exc), "choose another port, or --port 0") from None
    bound = server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    first = next((n for n in ("report.html", "report.th.html", "answer.json") if (folder / n).is_file()), "")
    console.print(f"serving run {run_id} at http://{shown}:{bound}/{first}  (Ctrl-C stops)",
                  highlight=False, soft_wrap=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
