/**
 * `/api/docs`: the OpenAPI document rendered as one self-contained, readable HTML page (no script, no
 * CDN): every operation with its parameters, allowed values, examples you can click, responses, and
 * the error kinds that `type` URIs of problem responses point to.
 */
import { PROBLEMS, type ProblemKind } from './problem.js';

type Doc = Record<string, unknown>;

const esc = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const ERROR_HELP: Record<ProblemKind, string> = {
  'parametres-invalides':
    'Un ou plusieurs paramètres sont invalides. <code>errors</code> donne, pour chacun, le paramètre, la valeur reçue et ce qui est attendu (pour une énumération : toutes les valeurs acceptées).',
  introuvable: 'Aucune ressource à cette adresse, ou aucun lieu de cet identifiant dans la version servie.',
  'methode-non-autorisee': 'Seules les lectures (GET, HEAD) sont possibles.',
  'trop-de-requetes':
    'Trop d’exports en peu de temps depuis la même adresse : attendre la durée donnée par l’en-tête <code>Retry-After</code> (secondes).',
  indisponible:
    'Le serveur démarre et charge le jeu de données, ou aucun jeu n’est encore publié : réessayer après <code>Retry-After</code>.',
  'erreur-interne': 'Erreur du serveur : la signaler avec la valeur <code>request_id</code>.',
};

function schemaText(schema: Doc | undefined, components: Doc): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type as string | undefined);
  if (type === 'array') return `liste de ${schemaText(schema.items as Doc, components) || 'valeurs'}`;
  const parts: string[] = [];
  if (type) parts.push(esc(type));
  if (Array.isArray(schema.enum)) {
    parts.push(`parmi : ${(schema.enum as unknown[]).map((v) => `<code>${esc(v)}</code>`).join(', ')}`);
  }
  if (schema.pattern) parts.push(`forme <code>${esc(schema.pattern)}</code>`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    parts.push(`de ${esc(schema.minimum ?? '…')} à ${esc(schema.maximum ?? '…')}`);
  }
  if (schema.maxLength !== undefined) parts.push(`${esc(schema.maxLength)} caractères au plus`);
  if (schema.default !== undefined) parts.push(`par défaut <code>${esc(schema.default)}</code>`);
  return parts.join(', ');
}

function exampleUrl(path: string, parameters: Doc[]): string {
  let url = path;
  const query: string[] = [];
  for (const p of parameters) {
    const example = Array.isArray(p.example) ? (p.example as unknown[]).join('|') : p.example;
    if (example === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${String(p.name)}}`, encodeURIComponent(String(example)));
    else if (p.required) query.push(`${String(p.name)}=${encodeURIComponent(String(example))}`);
  }
  return query.length ? `${url}?${query.join('&')}` : url;
}

function propertiesTable(schema: Doc, components: Doc): string {
  const properties = (schema.properties ?? {}) as Record<string, Doc>;
  const rows = Object.entries(properties)
    .map(
      ([name, p]) =>
        `<tr><th scope="row"><code>${esc(name)}</code></th><td>${schemaText(p, components)}</td><td>${esc(p.description)}</td></tr>`,
    )
    .join('');
  return rows
    ? `<table><thead><tr><th scope="col">Champ</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
}

const STYLE = `
:root{--fg:#1e1e1e;--muted:#555;--line:#ddd;--accent:#000091;--bg:#fff;--code:#f4f4f6}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#bbb;--line:#444;--accent:#9fa8ff;--bg:#161616;--code:#262630}}
body{font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main,header,nav{max-width:72rem;margin:auto;padding:0 1rem}
a{color:var(--accent)} code{background:var(--code);padding:0 .2em;border-radius:3px;font-size:.92em;word-break:break-word}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.93rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--fg)} .op{border-top:1px solid var(--line);padding-top:.5rem;margin-top:2rem}
.verb{display:inline-block;font-weight:700;background:var(--accent);color:var(--bg);padding:0 .5em;border-radius:3px;margin-right:.4em}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
`;

/** The documentation page of an OpenAPI 3.1 document. */
export function renderDocs(doc: Doc): string {
  const info = doc.info as Doc;
  const paths = doc.paths as Record<string, Record<string, Doc>>;
  const components = ((doc.components as Doc | undefined)?.schemas ?? {}) as Record<string, Doc>;
  const operations: Array<{ path: string; method: string; op: Doc }> = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) operations.push({ path, method, op });
  }
  const tags = [...new Set(operations.flatMap(({ op }) => (op.tags as string[] | undefined) ?? ['Autres']))];
  const byTag = (tag: string) =>
    operations.filter(({ op }) => ((op.tags as string[] | undefined) ?? ['Autres']).includes(tag));

  const toc = tags
    .map(
      (tag) =>
        `<li>${esc(tag)}<ul>${byTag(tag)
          .map(({ op }) => `<li><a href="#${esc(op.operationId)}">${esc(op.summary)}</a></li>`)
          .join('')}</ul></li>`,
    )
    .join('');

  const sections = tags
    .map((tag) => {
      const ops = byTag(tag)
        .map(({ path, method, op }) => {
          const parameters = (op.parameters as Doc[] | undefined) ?? [];
          const example = exampleUrl(path, parameters);
          const params = parameters.length
            ? `<table><caption class="skip">Paramètres</caption><thead><tr><th scope="col">Paramètre</th><th scope="col">Valeurs</th><th scope="col">Description</th><th scope="col">Exemple</th></tr></thead><tbody>${parameters
                .map((p) => {
                  const ex = Array.isArray(p.example) ? (p.example as unknown[]).join('|') : p.example;
                  return `<tr><th scope="row"><code>${esc(p.name)}</code>${p.required ? ' <strong>(obligatoire)</strong>' : ''}${p.in === 'path' ? ' <em>(chemin)</em>' : ''}</th><td>${schemaText(p.schema as Doc, components)}</td><td>${esc(p.description)}</td><td>${ex === undefined ? '' : `<code>${esc(ex)}</code>`}</td></tr>`;
                })
                .join('')}</tbody></table>`
            : '<p>Aucun paramètre.</p>';
          const responses = Object.entries((op.responses ?? {}) as Record<string, Doc>)
            .map(([status, r]) => {
              const content = Object.entries((r.content ?? {}) as Record<string, Doc>)
                .map(
                  ([type, media]) =>
                    `<code>${esc(type)}</code> ${schemaText(media.schema as Doc, components)}`,
                )
                .join(' ; ');
              return `<li><strong>${esc(status)}</strong> — ${esc(r.description)}${content ? ` (${content})` : ''}</li>`;
            })
            .join('');
          return `<section class="op" id="${esc(op.operationId)}" aria-labelledby="${esc(op.operationId)}-t">
<h3 id="${esc(op.operationId)}-t"><span class="verb">${esc(method.toUpperCase())}</span><code>${esc(path)}</code> — ${esc(op.summary)}</h3>
${op.description ? `<p>${esc(op.description)}</p>` : ''}
<p>Exemple : <a href="${esc(example)}"><code>${esc(example)}</code></a></p>
<h4>Paramètres</h4>${params}<h4>Réponses</h4><ul>${responses}</ul></section>`;
        })
        .join('\n');
      return `<section aria-labelledby="tag-${esc(tag)}"><h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops}</section>`;
    })
    .join('\n');

  const schemas = Object.entries(components)
    .map(
      ([name, schema]) =>
        `<section id="schema-${esc(name)}"><h3><code>${esc(name)}</code></h3>${schema.description ? `<p>${esc(schema.description)}</p>` : ''}${propertiesTable(schema, components)}</section>`,
    )
    .join('\n');

  const errors = (Object.keys(PROBLEMS) as ProblemKind[])
    .map(
      (kind) =>
        `<dt id="erreur-${kind}"><code>${PROBLEMS[kind].status}</code> ${esc(PROBLEMS[kind].title)} (<code>/api/docs#erreur-${kind}</code>)</dt><dd>${ERROR_HELP[kind]}</dd>`,
    )
    .join('');

  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — documentation</title><style>${STYLE}</style></head>
<body><a class="skip" href="#contenu">Aller au contenu</a>
<header><h1>${esc(info.title)} <small>v${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Document OpenAPI 3.1 : <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a>.</p></header>
<nav aria-label="Opérations"><h2>Opérations</h2><ul>${toc}</ul></nav>
<main id="contenu">
<section aria-labelledby="conventions"><h2 id="conventions">Conventions</h2><ul>
<li>Listes de valeurs : répéter le paramètre (<code>services=A&amp;services=B</code>) ou séparer par <code>|</code> (<code>services=A|B</code>). OU entre les valeurs d’un critère, ET entre critères.</li>
<li>Valeurs d’énumération écrites comme dans le standard ; majuscules et accents ignorés. Oui/non : <code>oui</code>, <code>non</code>.</li>
<li>Pagination : <code>offset</code> et <code>limit</code> ; chaque page donne l’adresse de la suivante (<code>suivant</code>).</li>
<li>Heures : heure de Paris (heure locale outre-mer), jours fériés compris.</li>
<li>Cache : chaque lecture porte un <code>ETag</code> lié à la version du jeu de données ; renvoyer <code>If-None-Match</code> donne 304 si rien n’a changé. <code>Cache-Control: public, max-age=60</code>.</li>
<li>Appels depuis un autre site autorisés (CORS). Réponses compressées (brotli, gzip) sur demande. Chaque réponse porte un <code>x-request-id</code> (le vôtre s’il est fourni).</li>
</ul></section>
${sections}
<section aria-labelledby="erreurs"><h2 id="erreurs">Erreurs</h2>
<p>Au format <code>application/problem+json</code> (RFC 9457) : <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> en français, et pour les paramètres <code>errors: [{ param, value, message }]</code>, un élément par paramètre invalide.</p>
<dl>${errors}</dl></section>
<section aria-labelledby="schemas"><h2 id="schemas">Schémas</h2>${schemas}</section>
</main></body></html>
`;
}
