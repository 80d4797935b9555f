/**
 * The CS_N templates: the 45 directories of nself's `src/templates/services/<lang>/` tree, the three
 * top-level ones, and the bare aliases `get_service_template` accepts (RESEARCH-NOTES §2.3).
 * `lang:framework` aliases are left out: `:` separates CS_N fields, so they cannot be written there.
 */
import type { TemplateSpec } from './types';

type Family = TemplateSpec['family'];

/** Template names matching nself's compiled-language pattern get no source bind mount in dev. */
const COMPILED = new Set(['echo', 'fiber', 'gin', 'grpc', 'spring-boot', 'actix-web', 'oatpp', 'zap', 'aspnet', 'ktor', 'vapor']);

const LANGUAGE_FAMILY: Record<string, Family> = { js: 'node', py: 'python', go: 'go' };

/** language folder → [template, description] */
const BY_LANGUAGE: Record<string, readonly (readonly [string, string])[]> = {
  js: [
    ['bullmq-js', 'BullMQ queue worker (JavaScript)'],
    ['bullmq-ts', 'BullMQ queue worker (TypeScript)'],
    ['bun', 'Bun HTTP server'],
    ['deno', 'Deno HTTP server'],
    ['express-js', 'Express API (JavaScript)'],
    ['express-ts', 'Express API (TypeScript)'],
    ['fastify-js', 'Fastify API (JavaScript)'],
    ['fastify-ts', 'Fastify API (TypeScript)'],
    ['hono-js', 'Hono API (JavaScript)'],
    ['hono-ts', 'Hono API (TypeScript)'],
    ['nest-js', 'NestJS API (JavaScript)'],
    ['nest-ts', 'NestJS API (TypeScript)'],
    ['node-js', 'Plain Node.js HTTP server (JavaScript)'],
    ['node-ts', 'Plain Node.js HTTP server (TypeScript)'],
    ['socketio-js', 'Socket.IO server (JavaScript)'],
    ['socketio-ts', 'Socket.IO server (TypeScript)'],
    ['temporal-js', 'Temporal worker (JavaScript)'],
    ['temporal-ts', 'Temporal worker (TypeScript)'],
    ['trpc', 'tRPC API (TypeScript)'],
  ],
  py: [
    ['agent-analytics', 'Python analytics agent'],
    ['agent-llm', 'Python LLM agent'],
    ['agent-timeseries', 'Python time-series agent'],
    ['agent-training', 'Python model-training agent'],
    ['agent-vision', 'Python computer-vision agent'],
    ['celery', 'Celery worker'],
    ['django-rest', 'Django REST framework API'],
    ['fastapi', 'FastAPI API'],
    ['flask', 'Flask API'],
    ['ray', 'Ray worker'],
  ],
  go: [
    ['echo', 'Echo API (Go)'],
    ['fiber', 'Fiber API (Go)'],
    ['gin', 'Gin API (Go)'],
    ['grpc', 'gRPC server (Go)'],
  ],
  ruby: [
    ['rails', 'Ruby on Rails API'],
    ['sinatra', 'Sinatra API (Ruby)'],
  ],
  rust: [['actix-web', 'Actix Web API (Rust)']],
  java: [['spring-boot', 'Spring Boot API (Java)']],
  kotlin: [['ktor', 'Ktor API (Kotlin)']],
  csharp: [['aspnet', 'ASP.NET Core API (C#)']],
  php: [['laravel', 'Laravel API (PHP)']],
  elixir: [['phoenix', 'Phoenix API (Elixir)']],
  swift: [['vapor', 'Vapor API (Swift)']],
  cpp: [['oatpp', 'Oat++ API (C++)']],
  lua: [['lapis', 'Lapis API (Lua)']],
  zig: [['zap', 'Zap API (Zig)']],
};

/** Top-level template folders, outside the language tree. */
const TOP_LEVEL: readonly TemplateSpec[] = [
  { name: 'custom', language: 'custom', family: 'other', compiled: false, description: 'Empty scaffold: bring your own Dockerfile' },
  { name: 'oauth-handlers', language: 'js', family: 'node', compiled: false, description: 'OAuth callback handlers (Node.js)' },
  { name: 'websocket-server', language: 'js', family: 'node', compiled: false, description: 'WebSocket server (Node.js)' },
];

/** Bare short names and the template each stands for. */
const ALIASES: Record<string, string> = {
  express: 'express-js',
  fastify: 'fastify-js',
  hono: 'hono-js',
  nest: 'nest-js',
  nestjs: 'nest-js',
  socketio: 'socketio-js',
  temporal: 'temporal-js',
  bullmq: 'bullmq-js',
  node: 'node-js',
  django: 'django-rest',
  actix: 'actix-web',
  spring: 'spring-boot',
};

/** The 45 language templates, in nself's folder order. */
export function languageTemplates(): TemplateSpec[] {
  const out: TemplateSpec[] = [];
  for (const language of Object.keys(BY_LANGUAGE)) {
    for (const [name, description] of BY_LANGUAGE[language]!) {
      out.push({ name, language, family: LANGUAGE_FAMILY[language] ?? 'other', compiled: COMPILED.has(name), description });
    }
  }
  return out;
}

/** Every template and alias by name: what a CS_N template field may say. */
export function allTemplates(): Map<string, TemplateSpec> {
  const map = new Map<string, TemplateSpec>();
  for (const t of languageTemplates()) map.set(t.name, t);
  for (const t of TOP_LEVEL) map.set(t.name, t);
  for (const [alias, target] of Object.entries(ALIASES)) {
    const of = map.get(target)!;
    map.set(alias, { ...of, name: alias, aliasOf: target, description: `Alias of ${target}: ${of.description}` });
  }
  return map;
}
