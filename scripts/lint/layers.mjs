// ESLint rule enforcing the dependency direction of docs/architecture.md.
// Every import in src/ is classified by the layer of the importing file and the layer of the
// target (a relative path inside src/, a Node built-in, or a package) and checked against RULES.
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Packages core may import: pure, host-independent code only. */
const CORE_PACKAGES = [/^d3-(array|scale|shape|hierarchy|interpolate|format|path|time|color)$/];

/** Inner order of core: a folder may import folders of equal or lower rank, never higher. */
const CORE_RANK = {
  model: 0, text: 0, bytes: 0, knowledge: 0,
  capture: 1, trace: 1, 'vpp-state': 1, coredump: 1,
  decode: 2, bundle: 2,
  analysis: 3,
  diagram: 4,
  inputs: 4,
  scenarios: 5, ipc: 5, training: 5,
};

/** For each layer: which src layers it may import, and whether built-ins / packages are allowed. */
const RULES = {
  core: { layers: ['core'], builtins: false, packages: CORE_PACKAGES },
  node: { layers: ['core', 'node'], builtins: true, packages: [/^(?!electron$|react$|react-dom)/] },
  main: { layers: ['core', 'node', 'main'], builtins: true, packages: [/./] },
  server: { layers: ['core', 'node', 'server'], builtins: true, packages: [/^(?!electron$|react$|react-dom)/] },
  cli: { layers: ['core', 'node', 'cli', 'server'], builtins: true, packages: [/^(?!electron$|react$|react-dom)/] },
  preload: { layers: ['core/ipc', 'core/model', 'preload'], builtins: false, packages: [/^electron$/] },
  renderer: { layers: ['core', 'renderer'], builtins: false, packages: [/^(react|react-dom|d3|d3-.*)(\/.*)?$/] },
  scripts: { layers: ['core', 'node', 'scripts'], builtins: true, packages: [/^(?!electron$|react$|react-dom)/] },
};

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'src' && rel[1]) return { layer: rel[1], sub: rel[1] === 'core' ? rel[2] : undefined };
  if (rel[0] === 'scripts') return { layer: 'scripts', sub: undefined };
  return null; // tests and config may import anything
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer dependency rules of docs/architecture.md' },
    schema: [],
    messages: { forbidden: '{{from}} may not import {{what}} ({{why}}). See docs/architecture.md.' },
  },
  create(context) {
    const root = context.cwd ?? process.cwd();
    const file = context.filename ?? context.getFilename();
    const me = layerOf(file, root);
    if (!me || !RULES[me.layer]) return {};
    const rules = RULES[me.layer];
    const from = me.sub ? `src/core/${me.sub}` : me.layer === 'scripts' ? 'scripts' : `src/${me.layer}`;

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (why) => context.report({ node, messageId: 'forbidden', data: { from, what: spec, why } });
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = layerOf(path.resolve(path.dirname(file), spec), root);
        if (!target) return report('outside src/');
        const allowed = rules.layers.some((l) => {
          const [layer, sub] = l.split('/');
          return layer === target.layer && (!sub || sub === target.sub);
        });
        if (!allowed) return report(`layer ${target.layer} is not allowed here`);
        if (me.layer === 'core' && target.layer === 'core' && me.sub !== target.sub) {
          const a = CORE_RANK[me.sub], b = CORE_RANK[target.sub];
          if (a === undefined || b === undefined) return report(`unknown core folder ${a === undefined ? me.sub : target.sub}`);
          if (b > a) return report(`core/${target.sub} is above core/${me.sub} in the core order`);
        }
        return;
      }
      if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) {
        if (!rules.builtins) report('Node built-ins are not allowed in this layer');
        return;
      }
      const pkg = packageName(spec);
      if (!rules.packages.some((re) => re.test(pkg))) report(`package ${pkg} is not allowed in this layer`);
    }

    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportAllDeclaration: (n) => n.source && check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(n, n.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'allowed-imports': rule } };
