# syntax=docker/dockerfile:1
# escape=\
ARG BASE=debian:12
FROM --platform=$BUILDPLATFORM ${BASE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV A=1 B="two words" \
    C=3
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.* \
 # a comment between continuation lines
 && rm -rf /var/lib/apt/lists/* && cd /tmp && curl -fsSL https://example.com/x | tar -xz
RUN <<EOT bash
set -e
echo "$A" > /out
EOT
COPY --chown=1000:1000 --from=build ["/out", "/in"]
WORKDIR relative/dir
ONBUILD RUN echo onbuild; sudo true
FROM scratch
COPY --from=build /out /
EXPOSE 80/tcp 53/udp
HEALTHCHECK --interval=30s CMD ["wget", "-q", "-O-", "http://localhost/"]
USER 1000
ENTRYPOINT ["/app", "--flag"]
CMD echo $HOME
