// broker-tuner collector dashboard: fleet, cluster and host pages by URL fragment (#/, #/cluster/ID, #/host/NAME).
// Data comes from the REST API with the viewer token kept in sessionStorage. Everything from reports is inserted
// as text (never as HTML): reports come from many hosts and are not trusted markup.
'use strict';

const TOKEN_KEY = 'broker-tuner-token';
const app = document.getElementById('app');
const viewersOpen = document.body.dataset.viewers === 'open';

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function table(id, headers, rows) {
  return el('table', {id}, el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
    el('tbody', {}, ...rows));
}

function mb(bytes) {
  return bytes === null || bytes === undefined ? '–' : (bytes / 1e6).toFixed(1) + ' MB/s';
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
}

class Unauthorized extends Error {}

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const resp = await fetch(path, {headers});
  if (resp.status === 401) throw new Unauthorized('unauthorized');
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error || ('HTTP ' + resp.status));
  return body;
}

function signIn(message) {
  app.replaceChildren(document.getElementById('sign-in-template').content.cloneNode(true));
  const form = document.getElementById('sign-in');
  const error = document.getElementById('sign-in-error');
  if (message) { error.textContent = message; error.hidden = false; }
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
    route();
  });
}

function crumbs(...links) {
  const nav = document.getElementById('crumbs');
  nav.replaceChildren(el('a', {href: '#/'}, 'Fleet'), ...links.flatMap(l => [' › ', l]));
}

function countsBox(c) {
  return el('div', {class: 'counts', id: 'severity-counts'},
    el('div', {class: 'count sev-critical'}, el('b', {}, c.critical), 'critical'),
    el('div', {class: 'count sev-warning'}, el('b', {}, c.warning), 'warning'),
    el('div', {class: 'count sev-info'}, el('b', {}, c.info), 'info'));
}

async function fleetPage() {
  const f = await api('/v1/fleet');
  crumbs();
  const rows = f.clusters.map(c => el('tr', {'data-cluster': c.key},
    el('td', {}, el('a', {href: '#/cluster/' + encodeURIComponent(c.key), class: 'cluster-link'}, c.alias || c.key)),
    el('td', {class: 'muted'}, c.clusterId || '–'),
    el('td', {class: 'num'}, c.brokers),
    el('td', {class: 'num' + (c.staleBrokers ? ' stale' : '')}, c.staleBrokers),
    el('td', {class: 'num sev-critical'}, c.findings.critical),
    el('td', {class: 'num sev-warning'}, c.findings.warning),
    el('td', {class: 'num sev-info'}, c.findings.info),
    el('td', {class: 'num'}, c.outliers),
    el('td', {class: 'num'}, mb(c.bytesInPerSec)),
    el('td', {}, c.milestone || '–')));
  const stale = f.staleHosts.map(s => el('tr', {},
    el('td', {}, el('a', {href: '#/host/' + encodeURIComponent(s.hostname)}, s.hostname)),
    el('td', {}, s.clusterKey), el('td', {}, when(s.receivedAt)), el('td', {class: 'num stale'}, s.ageSeconds + ' s')));
  const fix = await fixFirst();
  app.replaceChildren(
    el('h1', {}, 'Fleet: ', f.hosts, ' hosts in ', f.clusters.length, ' clusters'),
    fix,
    countsBox(f.findings),
    el('h2', {}, 'Clusters'),
    table('clusters', ['Cluster', 'Kafka cluster id', 'Brokers', 'Stale', 'Critical', 'Warning', 'Info', 'Outliers',
      'Bytes in', 'Scale milestone'], rows),
    el('h2', {}, 'Stale hosts (no report within ', f.staleAfterSeconds, ' s)'),
    stale.length ? table('stale', ['Host', 'Cluster', 'Last report', 'Age'], stale)
      : el('p', {class: 'muted', id: 'stale'}, 'None: every host reported recently.'));
}

const ATTRIBUTES = [
  ['dataDirFs', 'FS'], ['dataDirAtime', 'atime'], ['raidLevel', 'RAID'], ['raidHealth', 'RAID health'],
  ['nicSpeed', 'NIC'], ['nicMtu', 'MTU'], ['rmemMax', 'rmem_max'], ['wmemMax', 'wmem_max'],
  ['swappiness', 'swappiness'], ['maxMapCount', 'max_map_count'], ['numIoThreads', 'io threads'],
  ['numNetworkThreads', 'net threads'], ['socketSendBufferBytes', 'sock send'],
  ['socketReceiveBufferBytes', 'sock recv'], ['kafkaVersion', 'Kafka']];

async function clusterPage(key) {
  const c = await api('/v1/clusters/' + encodeURIComponent(key) + '?hours=24');
  crumbs(el('a', {href: '#/cluster/' + encodeURIComponent(key)}, c.alias || c.key));
  const rows = c.hosts.map(h => el('tr', {'data-host': h.hostname},
    el('td', {}, el('a', {href: '#/host/' + encodeURIComponent(h.hostname), class: 'host-link'}, h.hostname)),
    el('td', {class: 'num'}, h.nodeId ?? '–'),
    el('td', {class: h.stale ? 'stale' : ''}, h.stale ? 'stale' : h.brokerStatus),
    el('td', {class: 'num sev-critical'}, h.findings.critical),
    el('td', {class: 'num sev-warning'}, h.findings.warning),
    el('td', {class: 'num'}, mb(h.bytesInPerSec)),
    ...ATTRIBUTES.map(([k]) => el('td', {class: h.outlierOn.includes(k) ? 'outlier' : '', 'data-attr': k},
      h.attributes[k] ?? '–'))));
  const s = c.scale;
  const scale = el('div', {class: 'card', id: 'scale'},
    el('h2', {}, 'Scale position'),
    s.milestone
      ? el('p', {}, 'Bytes in ', el('b', {}, mb(s.bytesInPerSec)), ' over ', s.brokersWithThroughput,
        ' broker(s) (', mb(s.mbInPerSecPerBroker === null ? null : s.mbInPerSecPerBroker * 1e6), ' per broker), bytes out ',
        mb(s.bytesOutPerSec), ': milestone ', el('b', {id: 'milestone'}, s.milestone.name), ' (',
        s.milestone.throughputText, ': ', s.milestone.brokersText, ' brokers, ', s.milestone.partitionsText,
        ' partitions per topic).')
      : el('p', {id: 'milestone', class: 'muted'}, 'Not placed on the milestones.'),
    s.lacks.length ? el('ul', {class: 'lacks'}, ...s.lacks.map(l => el('li', {}, l)))
      : el('p', {}, s.milestone ? 'No rule-of-thumb advice for this milestone.' : ''),
    ...s.notes.map(n => el('p', {class: 'muted'}, n)),
    table('milestones', ['Throughput', 'Brokers', 'Partitions/topic', 'Milestone'], c.milestones.map(m =>
      el('tr', {class: s.milestone && s.milestone.name === m.name ? 'outlier' : ''},
        el('td', {}, m.throughputText), el('td', {}, m.brokersText), el('td', {}, m.partitionsText),
        el('td', {}, m.name)))));
  const outliers = c.outliers.length
    ? el('ul', {id: 'outliers'}, ...c.outliers.map(o => el('li', {}, o.summary)))
    : c.notes.length ? el('p', {id: 'outliers', class: 'muted'}, ...c.notes)
    : el('p', {id: 'outliers', class: 'muted'}, 'No outliers: every broker agrees on every compared setting.');
  const canvas = el('canvas', {id: 'throughput'});
  const workload = el('section', {id: 'workload'}, el('p', {class: 'muted'}, 'Loading topics and groups…'));
  app.replaceChildren(
    el('h1', {}, 'Cluster ', c.alias || c.key, c.clusterId && c.alias ? ' (' + c.clusterId + ')' : ''),
    countsBox(c.findings),
    el('h2', {}, 'Outliers'), outliers,
    el('h2', {}, 'Brokers'),
    el('div', {class: 'table-wrap'}, table('hosts', ['Host', 'Node', 'Broker', 'Crit', 'Warn', 'Bytes in',
      ...ATTRIBUTES.map(a => a[1])], rows)),
    el('h2', {}, 'Throughput (last 24 h)'),
    el('div', {class: 'card chart-box'}, canvas),
    scale,
    workload,
    el('p', {}, el('a', {href: '/v1/clusters/' + encodeURIComponent(key) + '/capacity.json', id: 'capacity-link'},
      'Cruise Control capacity.json'), ' (send your viewer token when fetching it outside the dashboard)'));
  const points = c.throughput;
  new Chart(canvas, {
    type: 'line',
    data: {
      // each point is a time bucket; it is labelled with its latest report's time, not the bucket's start
      labels: points.map(p => when(p.reportedAt || p.at).slice(11, 16)),
      datasets: [
        {label: 'bytes in (MB/s)', data: points.map(p => p.bytesInPerSec / 1e6), borderColor: '#1f5fa8', tension: .2},
        {label: 'bytes out (MB/s)', data: points.map(p => p.bytesOutPerSec / 1e6), borderColor: '#b26a00', tension: .2}]
    },
    options: {animation: false, maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}
  });
  workloadSections(key, workload).catch(e => workload.replaceChildren(
    el('p', {class: 'error', id: 'workload-error'}, 'Could not load topics and groups: ', e.message)));
}

async function hostPage(name) {
  const h = await api('/v1/hosts/' + encodeURIComponent(name) + '?history=20');
  const s = h.summary;
  crumbs(el('a', {href: '#/cluster/' + encodeURIComponent(s.clusterKey)}, s.clusterAlias || s.clusterKey),
    el('a', {href: '#/host/' + encodeURIComponent(name)}, name));
  const r = h.report || {findings: [], host: {}, broker: null, problems: []};
  const findings = r.findings.length ? r.findings.map(f => el('div', {class: 'finding ' + f.severity},
      el('h3', {}, el('span', {class: 'sev-' + f.severity}, f.severity.toUpperCase()), ' ', f.ruleId, ' — ', f.subject),
      el('p', {}, 'Now ', el('b', {}, f.current), ', recommended ', el('b', {}, f.recommended), '.'),
      el('p', {class: 'muted'}, f.rationale),
      f.apply.length ? el('pre', {class: 'apply'}, f.apply.join('\n')) : null))
    : [el('p', {class: 'muted'}, 'No findings.')];
  const facts = [
    ['Hostname', r.host.hostname], ['CPUs', r.host.cpus], ['Memory', r.host.memoryBytes ? (r.host.memoryBytes / 2 ** 30).toFixed(1) + ' GiB' : null],
    ['Broker', r.broker ? r.broker.status + (r.broker.reason ? ' (' + r.broker.reason + ')' : '') : 'not gathered'],
    ['Node id', s.nodeId], ['Kafka cluster id', s.clusterId], ['Agent', s.agentVersion], ['Sender', s.sender],
    ['Last report', when(s.receivedAt) + (h.stale ? ' (stale)' : '')],
    ...ATTRIBUTES.map(([k, label]) => [label, s.attributes[k]])];
  app.replaceChildren(
    el('h1', {}, 'Host ', name),
    el('h2', {}, 'Findings'), el('div', {id: 'findings'}, ...findings),
    el('h2', {}, 'Facts'),
    table('facts', ['Fact', 'Value'], facts.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v ?? '–')))),
    el('h2', {}, 'Problems while gathering'),
    r.problems.length ? el('ul', {}, ...r.problems.map(p => el('li', {}, p.source, ': ', p.message)))
      : el('p', {class: 'muted'}, 'None.'),
    el('h2', {}, 'History'),
    table('history', ['Generated', 'Critical', 'Warning', 'Info', 'Bytes in', 'Report'], h.history.map(e =>
      el('tr', {}, el('td', {}, when(e.generatedAt)), el('td', {class: 'num'}, e.critical),
        el('td', {class: 'num'}, e.warning), el('td', {class: 'num'}, e.info), el('td', {class: 'num'}, mb(e.bytesInPerSec)),
        el('td', {class: 'muted'}, e.reportId)))));
}

async function route() {
  const hash = location.hash || '#/';
  const signOut = document.getElementById('sign-out');
  signOut.hidden = viewersOpen || !sessionStorage.getItem(TOKEN_KEY);
  if (!viewersOpen && !sessionStorage.getItem(TOKEN_KEY)) { signIn(); return; }
  try {
    let m;
    if ((m = hash.match(/^#\/cluster\/(.+)$/))) await clusterPage(decodeURIComponent(m[1]));
    else if ((m = hash.match(/^#\/host\/(.+)$/))) await hostPage(decodeURIComponent(m[1]));
    else if (hash.startsWith('#/alerts')) await alertsPage();
    else await fleetPage();
    document.body.dataset.page = hash;
  } catch (e) {
    if (e instanceof Unauthorized) {
      sessionStorage.removeItem(TOKEN_KEY);
      signIn('That token was not accepted.');
    } else {
      app.replaceChildren(el('p', {class: 'error', id: 'error'}, 'Could not load: ', e.message));
    }
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  route();
});
window.addEventListener('hashchange', route);
route();
