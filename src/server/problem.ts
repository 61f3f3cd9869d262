/**
 * Errors as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`, and for bad
 * parameters `errors: [{ param, value, message }]` — one entry per bad parameter, in plain French, so
 * that a reuser can fix every mistake at once. Nothing else (no stack trace) ever reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ParamProblem {
  param: string;
  value: string;
  message: string;
}

export interface Problem {
  /** A URI reference naming the kind of problem; documented in `/api/docs#erreurs`. */
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ParamProblem[];
  request_id?: string;
}

/** Problem kinds: slug of the `type` URI, title and status. */
export const PROBLEMS = {
  'parametres-invalides': { status: 400, title: 'Paramètres invalides' },
  introuvable: { status: 404, title: 'Ressource introuvable' },
  'methode-non-autorisee': { status: 405, title: 'Méthode non autorisée' },
  'trop-de-requetes': { status: 429, title: 'Trop de requêtes' },
  indisponible: { status: 503, title: 'Service indisponible' },
  'erreur-interne': { status: 500, title: 'Erreur interne' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export const PROBLEM_TYPE_BASE = '/api/docs#erreur-';

/** An error that becomes a problem response as it is. */
export class HttpProblem extends Error {
  readonly statusCode: number;
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly errors?: ParamProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.statusCode = PROBLEMS[kind].status;
  }
}

/** Bad request parameters (thrown by the validator compiler; Fastify adds `validation*` fields). */
export class ParamsError extends HttpProblem {
  constructor(errors: ParamProblem[]) {
    super(
      'parametres-invalides',
      errors.length === 1
        ? `Le paramètre « ${errors[0]!.param} » est invalide : ${errors[0]!.message}`
        : `${errors.length} paramètres sont invalides : ${[...new Set(errors.map((e) => e.param))].join(', ')}. Détail dans « errors ».`,
      errors,
    );
    this.name = 'ParamsError';
  }
}

export function problemBody(
  kind: ProblemKind,
  detail: string,
  request?: FastifyRequest,
  errors?: ParamProblem[],
): Problem {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${kind}`,
    title: PROBLEMS[kind].title,
    status: PROBLEMS[kind].status,
    detail,
  };
  if (errors?.length) body.errors = errors;
  if (request) {
    body.instance = request.url.length <= 2000 ? request.url : `${request.url.slice(0, 2000)}…`;
    body.request_id = String(request.id);
  }
  return body;
}

export function sendProblem(
  reply: FastifyReply,
  kind: ProblemKind,
  detail: string,
  errors?: ParamProblem[],
  headers: Record<string, string> = {},
): FastifyReply {
  const body = problemBody(kind, detail, reply.request, errors);
  return reply
    .code(body.status)
    .headers({ ...headers, 'cache-control': 'no-store', 'content-type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(body));
}

/** Turns every thrown error into a problem response; unexpected ones are logged, not shown. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    if (error instanceof HttpProblem) {
      // 503 while loading is expected (the request line says it); only real failures are errors.
      if (error.kind === 'erreur-interne') request.log.error({ err: error }, error.message);
      return sendProblem(reply, error.kind, error.detail, error.errors, error.headers);
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status === 429) {
      return sendProblem(
        reply,
        'trop-de-requetes',
        `Trop de requêtes : ${error.message.replace(/^Rate limit exceeded, retry in /, 'réessayez dans ')}.`,
      );
    }
    if (status === 404) return sendProblem(reply, 'introuvable', 'Aucune ressource à cette adresse.');
    if (status === 405)
      return sendProblem(reply, 'methode-non-autorisee', `Méthode ${request.method} non autorisée ici.`);
    if (status >= 400 && status < 500) {
      // Malformed requests caught by Fastify itself (bad URL encoding, body on GET…).
      return reply
        .code(status)
        .headers({ 'cache-control': 'no-store', 'content-type': PROBLEM_CONTENT_TYPE })
        .send(
          JSON.stringify({
            ...problemBody('parametres-invalides', `Requête invalide : ${error.message}`, request),
            status,
            title: 'Requête invalide',
          }),
        );
    }
    request.log.error({ err: error }, 'erreur inattendue');
    return sendProblem(
      reply,
      'erreur-interne',
      `Erreur interne du serveur. Si elle se répète, signalez-la avec l’identifiant de requête ${String(request.id)}.`,
    );
  });
}
