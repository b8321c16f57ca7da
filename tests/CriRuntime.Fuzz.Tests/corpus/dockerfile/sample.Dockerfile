FROM ubuntu
RUN apt-get update && apt-get install -y curl
WORKDIR /app
COPY appsettings.Development.json ./
COPY . .
MAINTAINER someone@example.com
CMD ["./app"]
