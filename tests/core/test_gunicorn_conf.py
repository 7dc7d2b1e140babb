"""Two gunicorn instances on one host get their own control sockets."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("GUNICORN_BIND", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_each_bind_address_has_its_own_control_socket(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    first = load(monkeypatch, GUNICORN_BIND="127.0.0.1:8001")["control_socket"]
    second = load(monkeypatch, GUNICORN_BIND="127.0.0.1:8002")["control_socket"]
    assert first != second
    assert first == str(tmp_path / "citynet-127.0.0.1-8001.ctl")


def test_control_socket_can_be_set_or_turned_off(monkeypatch):
    conf = load(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/citynet/web-a.ctl")
    assert conf["control_socket"] == "/run/citynet/web-a.ctl"
    conf = load(monkeypatch, GUNICORN_CONTROL_SOCKET="off")
    assert conf["control_socket_disable"] is True
    assert "control_socket" not in conf
