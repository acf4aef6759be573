# gunicorn settings for anjian behind nginx. Start: gunicorn -c deploy/gunicorn.conf.py config.wsgi
import multiprocessing

bind = "127.0.0.1:8000"
workers = max(2, multiprocessing.cpu_count() * 2 + 1)
threads = 2
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
raw_env = ["DJANGO_SETTINGS_MODULE=config.settings.production"]
