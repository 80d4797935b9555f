import type { ServiceModel } from '../model/types';
import type { BuildFile } from './plan';

/** The scaffold families; the template catalog assigns one to every template. */
export type ScaffoldFamily = 'node' | 'python' | 'go' | 'other';

/** What a scaffold needs to know about a custom service. */
export interface ScaffoldInput {
  /** The name as written in CS_N: the folder keeps it (`services/ml_worker`). */
  rawName: string;
  /** The template as written, for comments (`express-ts`). */
  template: string;
  family: ScaffoldFamily;
  /** The port the app listens on inside the container. */
  port: number;
}

/**
 * A minimal app for a custom service, under `services/<raw name>/`: it starts, listens on PORT and
 * answers `GET /health` with 200, which is what the compose healthcheck probes. Node, Python and
 * Go get a working app with no third-party dependency (so `docker build` needs no package
 * registry); other families get a placeholder that serves /health and says what to replace.
 * This is a starting point, not nself's template: the user owns these files from then on.
 */
export function scaffoldService(input: ScaffoldInput): BuildFile[] {
  const dir = `services/${input.rawName}`;
  const files = FAMILIES[input.family](input);
  files['.dockerignore'] = DOCKERIGNORE;
  return Object.keys(files)
    .sort()
    .map((name) => ({ path: `${dir}/${name}`, content: files[name] as string, kind: 'scaffold' as const }));
}

/**
 * Scaffolds for every custom service that is built from the default `./services/<raw name>`
 * context and whose folder does not exist yet (`dirExists` gets the relative folder path), and
 * for built-in services the catalog builds locally (MLflow's `./mlflow`). Services with
 * CS_N_IMAGE or a CS_N_PATH elsewhere are left alone.
 */
export function scaffoldsFor(model: ServiceModel, dirExists: (relDir: string) => boolean): { service: string; files: BuildFile[] }[] {
  const out: { service: string; files: BuildFile[] }[] = [];
  for (const s of model.services) {
    // A built-in service built locally (MLflow): the catalog gives its folder's files.
    if (s.kind !== 'custom' && s.build?.scaffold) {
      const dir = normalizeContext(s.build.context);
      if (!dirExists(dir)) {
        const files = s.build.scaffold;
        out.push({ service: s.id, files: Object.keys(files).sort().map((name) => ({ path: `${dir}/${name}`, content: files[name] as string, kind: 'scaffold' as const })) });
      }
      continue;
    }
    if (s.kind !== 'custom' || !s.custom || !s.build || s.image) continue;
    const rawName = s.custom.rawName;
    const dir = `services/${rawName}`;
    if (normalizeContext(s.build.context) !== dir || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(rawName)) continue;
    if (dirExists(dir)) continue;
    const port = Number(s.environment.PORT) || s.ports[0]?.container || 8000 + s.custom.index;
    out.push({
      service: rawName,
      files: scaffoldService({ rawName, template: s.custom.template, family: familyOf(s.custom.family), port }),
    });
  }
  return out;
}

function normalizeContext(ctx: string): string {
  return ctx.replace(/^\.\//, '').replace(/\/+$/, '');
}

function familyOf(f: string | undefined): ScaffoldFamily {
  return f === 'node' || f === 'python' || f === 'go' ? f : 'other';
}

/** Keeps env files and secrets out of the image (nself 1.x checks for this, E528). */
const DOCKERIGNORE = ['**/.env*', '**/.secrets', 'node_modules', '__pycache__', '.venv', '*.log', ''].join('\n');

const FAMILIES: Record<ScaffoldFamily, (i: ScaffoldInput) => Record<string, string>> = {
  node: (i) => ({
    'package.json':
      JSON.stringify(
        {
          name: i.rawName.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
          version: '0.1.0',
          private: true,
          description: `Custom service ${i.rawName} (CS template ${i.template}), scaffolded by nself-vscode`,
          main: 'index.js',
          scripts: { start: 'node index.js' },
        },
        null,
        2,
      ) + '\n',
    'index.js': lines(
      `// ${i.rawName}: a minimal HTTP service (template ${i.template}). Replace the handler with your app;`,
      `// keep GET /health answering 200, the compose healthcheck probes it.`,
      `'use strict';`,
      `const http = require('node:http');`,
      ``,
      `const port = Number(process.env.PORT) || ${i.port};`,
      `const host = process.env.BIND_ADDRESS || '0.0.0.0';`,
      ``,
      `const server = http.createServer((req, res) => {`,
      `  const body = req.url === '/health'`,
      `    ? { status: 'ok' }`,
      `    : { service: process.env.SERVICE_NAME || '${i.rawName}', path: req.url };`,
      `  res.writeHead(200, { 'content-type': 'application/json' });`,
      `  res.end(JSON.stringify(body));`,
      `});`,
      ``,
      `server.listen(port, host, () => console.log(\`${i.rawName} listening on \${host}:\${port}\`));`,
      `// docker stop sends SIGTERM: close cleanly instead of waiting for SIGKILL.`,
      `process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
    ),
    Dockerfile: lines(
      `FROM node:20-alpine`,
      `WORKDIR /app`,
      `COPY package*.json ./`,
      `RUN npm install --omit=dev --no-audit --no-fund`,
      `COPY . .`,
      `ENV PORT=${i.port}`,
      `EXPOSE ${i.port}`,
      `CMD ["node", "index.js"]`,
    ),
  }),
  python: (i) => ({
    'main.py': lines(
      `"""${i.rawName}: a minimal HTTP service (template ${i.template}).`,
      ``,
      `Replace the handler with your app; keep GET /health answering 200, the compose healthcheck probes it.`,
      `"""`,
      `import json`,
      `import os`,
      `import signal`,
      `import sys`,
      `from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer`,
      ``,
      `PORT = int(os.environ.get("PORT", "${i.port}"))`,
      `HOST = os.environ.get("BIND_ADDRESS", "0.0.0.0")`,
      ``,
      ``,
      `class Handler(BaseHTTPRequestHandler):`,
      `    def do_GET(self):`,
      `        if self.path == "/health":`,
      `            body = {"status": "ok"}`,
      `        else:`,
      `            body = {"service": os.environ.get("SERVICE_NAME", "${i.rawName}"), "path": self.path}`,
      `        data = json.dumps(body).encode()`,
      `        self.send_response(200)`,
      `        self.send_header("content-type", "application/json")`,
      `        self.send_header("content-length", str(len(data)))`,
      `        self.end_headers()`,
      `        self.wfile.write(data)`,
      ``,
      ``,
      `if __name__ == "__main__":`,
      `    server = ThreadingHTTPServer((HOST, PORT), Handler)`,
      `    # docker stop sends SIGTERM: exit cleanly instead of waiting for SIGKILL.`,
      `    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))`,
      `    print(f"${i.rawName} listening on {HOST}:{PORT}", flush=True)`,
      `    server.serve_forever()`,
    ),
    Dockerfile: lines(
      `FROM python:3.12-slim`,
      `WORKDIR /app`,
      `ENV PYTHONUNBUFFERED=1 PORT=${i.port}`,
      `COPY . .`,
      `EXPOSE ${i.port}`,
      `CMD ["python", "main.py"]`,
    ),
  }),
  go: (i) => ({
    'go.mod': lines(`module ${i.rawName.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`, ``, `go 1.22`),
    'main.go': lines(
      `// ${i.rawName}: a minimal HTTP service (template ${i.template}). Replace the handler with your app;`,
      `// keep GET /health answering 200, the compose healthcheck probes it.`,
      `package main`,
      ``,
      `import (`,
      `\t"encoding/json"`,
      `\t"log"`,
      `\t"net/http"`,
      `\t"os"`,
      `)`,
      ``,
      `func main() {`,
      `\tport := os.Getenv("PORT")`,
      `\tif port == "" {`,
      `\t\tport = "${i.port}"`,
      `\t}`,
      `\thost := os.Getenv("BIND_ADDRESS")`,
      `\tif host == "" {`,
      `\t\thost = "0.0.0.0"`,
      `\t}`,
      `\tname := os.Getenv("SERVICE_NAME")`,
      `\tif name == "" {`,
      `\t\tname = "${i.rawName}"`,
      `\t}`,
      `\thttp.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {`,
      `\t\twriteJSON(w, map[string]string{"status": "ok"})`,
      `\t})`,
      `\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {`,
      `\t\twriteJSON(w, map[string]string{"service": name, "path": r.URL.Path})`,
      `\t})`,
      `\tlog.Printf("%s listening on %s:%s", name, host, port)`,
      `\tlog.Fatal(http.ListenAndServe(host+":"+port, nil))`,
      `}`,
      ``,
      `func writeJSON(w http.ResponseWriter, v any) {`,
      `\tw.Header().Set("content-type", "application/json")`,
      `\t_ = json.NewEncoder(w).Encode(v)`,
      `}`,
    ),
    Dockerfile: lines(
      `FROM golang:1.22-alpine AS build`,
      `WORKDIR /src`,
      `COPY go.mod ./`,
      `COPY . .`,
      `RUN CGO_ENABLED=0 go build -o /out/app .`,
      ``,
      `# alpine rather than scratch: the compose healthcheck runs wget inside the container.`,
      `FROM alpine:3.20`,
      `COPY --from=build /out/app /usr/local/bin/app`,
      `ENV PORT=${i.port}`,
      `EXPOSE ${i.port}`,
      `CMD ["app"]`,
    ),
  }),
  other: (i) => ({
    Dockerfile: lines(
      `# TODO: ${i.rawName} uses template "${i.template}", which nself-vscode has no starter app for.`,
      `# Replace this whole file with a Dockerfile that builds your app. The app must:`,
      `#   - listen on $PORT (${i.port}) on 0.0.0.0 (BIND_ADDRESS),`,
      `#   - answer GET /health with HTTP 200 (the compose healthcheck probes it).`,
      `#`,
      `# Until then this placeholder serves /health with busybox httpd so the rest of the stack starts.`,
      `FROM busybox:stable`,
      `RUN mkdir -p /www && echo ok > /www/health && echo "TODO: replace services/${i.rawName}/Dockerfile" > /www/index.html`,
      `EXPOSE ${i.port}`,
      `CMD ["httpd", "-f", "-p", "${i.port}", "-h", "/www"]`,
    ),
  }),
};

function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}
