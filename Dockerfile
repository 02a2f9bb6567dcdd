# tropnet in a container: passagemath from wheels, polymake from Debian, and
# the experiment driver as the default command.  Every RUN step is a script
# of this repository that CI also runs (see .ci/run), so this file stays
# honest although it is not built on our machines.
#
#   docker build -t tropnet .
#   docker run --rm -v "$PWD/results:/opt/tropnet/results" tropnet
#   docker run --rm tropnet tropnet fan --help
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    TROPNET_DOCKER_BUILD=1 \
    PYTHON=python3

WORKDIR /opt/tropnet

COPY docker/install-system.sh docker/install-system.sh
RUN sh docker/install-system.sh

COPY . .
RUN sh docker/install-python.sh
RUN sh docker/smoke-test.sh

CMD ["python3", "experiments/run_all.py", "--out", "results"]
