// broker-tuner collector dashboard: the Alerts page (#/alerts) and the fleet page's "What to fix first" section.
// Uses el(), table(), when(), api() and crumbs() of app.js (loaded after this file, called only once both are
// loaded). Everything from reports is inserted as text, never as HTML.
'use strict';

const SEVERITY_RANK = {critical: 0, warning: 1, info: 2};

function age(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  return d ? d + 'd ' + h + 'h' : h ? h + 'h ' + m + 'm' : m + 'm ' + (seconds % 60) + 's';
}

async function alertWrite(method, path, body) {
  const headers = {'Content-Type': 'application/json'};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const resp = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (resp.status === 204) return null;
  const out = await resp.json();
  if (resp.status === 401) throw new Error('an operator token is required to change alerts: sign in with a token the tokens file marks role=operator');
  if (!resp.ok) throw new Error(out.error || ('HTTP ' + resp.status));
  return out;
}

/** Open alerts across the fleet grouped by rule, worst first: the fleet page's first section. */
async function fixFirst() {
  const open = (await api('/v1/alerts?state=raised&limit=1000')).alerts;
  const byRule = new Map();
  for (const a of open) {
    const g = byRule.get(a.ruleId) || {ruleId: a.ruleId, severity: a.severity, hosts: new Set(), clusters: new Set(), count: 0};
    if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[g.severity]) g.severity = a.severity;
    g.hosts.add(a.host || 'cluster ' + (a.cluster || '–')); g.clusters.add(a.cluster || '–'); g.count++;
    byRule.set(a.ruleId, g);
  }
  const groups = [...byRule.values()].sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]
    || y.hosts.size - x.hosts.size || x.ruleId.localeCompare(y.ruleId));
  const section = el('section', {id: 'fix-first', class: 'card'}, el('h2', {}, 'What to fix first'));
  if (!groups.length) {
    section.append(el('p', {class: 'muted'}, 'No open alerts.'));
    return section;
  }
  section.append(table('fix-first-table', ['Severity', 'Rule', 'Hosts', 'Clusters', 'Open alerts'], groups.map(g =>
    el('tr', {'data-rule': g.ruleId},
      el('td', {class: 'sev-' + g.severity}, g.severity),
      el('td', {}, el('a', {href: '#/alerts'}, g.ruleId)),
      el('td', {}, g.hosts.size, ' (', [...g.hosts].sort().slice(0, 5).join(', '), g.hosts.size > 5 ? ', …' : '', ')'),
      el('td', {}, [...g.clusters].sort().join(', ')),
      el('td', {class: 'num'}, g.count)))));
  return section;
}

function alertRow(a, refresh) {
  const comment = el('input', {class: 'comment', placeholder: 'comment', maxlength: '1000'});
  const duration = el('select', {class: 'silence-for'},
    ...[['60', '1 h'], ['240', '4 h'], ['1440', '24 h'], ['10080', '7 days']].map(([v, t]) => el('option', {value: v}, t)));
  const status = el('span', {class: 'action-status'});
  const act = async (what) => {
    try {
      if (what === 'ack') await alertWrite('POST', '/v1/alerts/' + a.id + '/ack', {comment: comment.value});
      else await alertWrite('POST', '/v1/silences', {host: a.host || undefined,
        cluster: a.host ? undefined : a.cluster, ruleId: a.ruleId,
        comment: comment.value || 'silenced from the dashboard', durationMinutes: Number(duration.value)});
      await refresh();
    } catch (e) { status.textContent = e.message; status.className = 'action-status error'; }
  };
  const ack = el('button', {class: 'ack', disabled: a.ack ? 'disabled' : null}, 'Acknowledge');
  ack.addEventListener('click', () => act('ack'));
  const silence = el('button', {class: 'silence'}, a.host ? 'Silence host + rule' : 'Silence cluster + rule');
  silence.addEventListener('click', () => act('silence'));
  return el('tr', {'data-alert': a.id, class: a.silencedBy ? 'silenced' : ''},
    el('td', {class: 'sev-' + a.severity}, a.severity),
    el('td', {}, a.ruleId, el('div', {class: 'muted'}, a.subject)),
    el('td', {}, a.host ? el('a', {href: '#/host/' + encodeURIComponent(a.host)}, a.host) : 'cluster-wide',
      el('div', {class: 'muted'}, a.cluster || '–')),
    el('td', {}, a.current ?? '–', ' → ', a.recommended ?? '–'),
    el('td', {class: 'num age'}, age(a.ageSeconds)),
    el('td', {class: 'state'}, a.silencedBy ? 'silenced' : a.ack ? 'acknowledged by ' + a.ack.by : 'open',
      a.ack && a.ack.comment ? el('div', {class: 'muted'}, a.ack.comment) : null),
    el('td', {class: 'actions'}, comment, ' ', ack, ' ', duration, ' ', silence, status));
}

async function alertsPage() {
  const [open, cleared, silences] = await Promise.all([api('/v1/alerts?state=raised&limit=1000'),
    api('/v1/alerts?state=cleared&limit=50'), api('/v1/silences')]);
  crumbs(el('a', {href: '#/alerts'}, 'Alerts'));
  const refresh = () => alertsPage();
  const unsilence = s => {
    const b = el('button', {class: 'unsilence'}, 'End');
    b.addEventListener('click', async () => { await alertWrite('DELETE', '/v1/silences/' + s.id); await refresh(); });
    return b;
  };
  app.replaceChildren(
    el('h1', {}, 'Alerts: ', open.alerts.length, ' open'),
    open.alerts.length
      ? table('open-alerts', ['Severity', 'Rule', 'Host', 'Now → recommended', 'Age', 'State', ''],
        open.alerts.map(a => alertRow(a, refresh)))
      : el('p', {class: 'muted', id: 'open-alerts'}, 'No open alerts.'),
    el('h2', {}, 'Silences'),
    silences.silences.length
      ? table('silences', ['Cluster', 'Host', 'Rule', 'Comment', 'By', 'Expires', ''], silences.silences.map(s =>
        el('tr', {'data-silence': s.id}, el('td', {}, s.cluster || 'any'), el('td', {}, s.host || 'any'),
          el('td', {}, s.ruleId || 'any'), el('td', {}, s.comment), el('td', {}, s.createdBy),
          el('td', {}, when(s.expiresAt)), el('td', {}, unsilence(s)))))
      : el('p', {class: 'muted', id: 'silences'}, 'No silences in force.'),
    el('h2', {}, 'Recently cleared'),
    cleared.alerts.length
      ? table('cleared-alerts', ['Severity', 'Rule', 'Host', 'Raised', 'Cleared', 'Lasted'], cleared.alerts.map(a =>
        el('tr', {'data-alert': a.id}, el('td', {class: 'sev-' + a.severity}, a.severity),
          el('td', {}, a.ruleId, el('div', {class: 'muted'}, a.subject)), el('td', {}, a.host || 'cluster-wide'),
          el('td', {}, when(a.raisedAt)), el('td', {}, when(a.clearedAt)), el('td', {class: 'num'}, age(a.ageSeconds)))))
      : el('p', {class: 'muted', id: 'cleared-alerts'}, 'None.'));
}
