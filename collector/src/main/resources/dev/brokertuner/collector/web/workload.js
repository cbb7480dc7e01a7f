// broker-tuner collector dashboard: the cluster page's Topics and Groups views, from /v1/clusters/{id}/topics and
// /v1/clusters/{id}/groups. Loaded before app.js and called from its cluster page (workloadSections); uses app.js's
// el, table, api and mb at call time. Topic names and group ids come from reports: inserted as text, never as HTML.
'use strict';

function workloadNum(v, digits) {
  return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', {maximumFractionDigits: digits ?? 0});
}

function workloadBytes(v) {
  if (v === null || v === undefined) return '–';
  if (v >= 1024 * 1024) return (v / (1024 * 1024)).toFixed(1) + ' MiB';
  if (v >= 1024) return (v / 1024).toFixed(1) + ' KiB';
  return v + ' B';
}

function workloadCodecs(codecs) {
  const entries = Object.entries(codecs || {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => k + ' ' + n).join(', ') : '–';
}

function topicRow(t) {
  const skew = t.maxPartitionSkew === null || t.maxPartitionSkew === undefined ? '–'
    : '×' + workloadNum(t.maxPartitionSkew, 1) + (t.hottestPartition !== null && t.hottestPartition !== undefined
      ? ' (p' + t.hottestPartition + ' on ' + t.skewHost + ')' : ' (' + t.skewHost + ')');
  const batch = t.medianRecords === null || t.medianRecords === undefined ? '–'
    : workloadNum(t.medianRecords) + ' rec, ' + workloadBytes(t.medianBytes);
  const parts = (t.leaderPartitions ?? '–') + ' / ' + (t.partitions ?? '–');
  return el('tr', {'data-topic': t.name},
    el('td', {class: 'name'}, t.name),
    el('td', {class: 'num', title: (t.hosts || []).join(', ')}, t.brokers),
    el('td', {class: 'num', 'data-col': 'partitions'}, parts),
    el('td', {class: 'num', 'data-col': 'bytesIn'}, mb(t.bytesInPerSec)),
    el('td', {class: 'num', 'data-col': 'bytesOut'}, mb(t.bytesOutPerSec)),
    el('td', {class: 'num', 'data-col': 'messagesIn'}, workloadNum(t.messagesInPerSec)),
    el('td', {class: 'num', 'data-col': 'perPartition'},
      t.mbPerSecPerPartition === null || t.mbPerSecPerPartition === undefined ? '–'
        : t.mbPerSecPerPartition.toFixed(2) + ' MB/s'),
    el('td', {'data-col': 'skew'}, skew),
    el('td', {'data-col': 'compression'}, t.compressionType ?? '–'),
    el('td', {'data-col': 'codecs'}, workloadCodecs(t.codecs)),
    el('td', {'data-col': 'batch'}, batch));
}

function groupRow(g) {
  const trend = g.lagTrend ?? 'unknown';
  const growth = g.lagGrowthPerMinute === null || g.lagGrowthPerMinute === undefined ? ''
    : ' (' + (g.lagGrowthPerMinute > 0 ? '+' : '') + workloadNum(g.lagGrowthPerMinute) + '/min)';
  return el('tr', {'data-group': g.groupId},
    el('td', {class: 'name'}, g.groupId),
    el('td', {'data-col': 'type'}, g.type ?? '–'),
    el('td', {'data-col': 'state'}, g.state ?? '–'),
    el('td', {class: 'num', 'data-col': 'members'}, g.members ?? '–'),
    el('td', {class: 'num', 'data-col': 'static'}, g.staticMembers ?? '–'),
    el('td', {class: 'num', 'data-col': 'rebalances'}, workloadNum(g.rebalancesPerHour, 1)),
    el('td', {class: 'num', 'data-col': 'lag'}, workloadNum(g.lag)),
    el('td', {class: 'trend-' + trend, 'data-col': 'lagTrend'}, trend + growth),
    el('td', {'data-col': 'topics'}, (g.topics || []).join(', ') + (g.topicCount > (g.topics || []).length
      ? ' +' + (g.topicCount - g.topics.length) + ' more' : '')),
    el('td', {'data-col': 'coordinator'}, (g.coordinator ?? '–') + ' (' + g.reportedBy + ')'));
}

function workloadNotes(id, notes) {
  return (notes || []).map(n => el('p', {class: 'muted note', 'data-notes': id}, n));
}

async function workloadSections(key, container) {
  const base = '/v1/clusters/' + encodeURIComponent(key);
  const [topics, groups] = await Promise.allSettled([api(base + '/topics'), api(base + '/groups')]);
  const parts = [el('h2', {}, 'Topics')];
  if (topics.status === 'rejected') {
    parts.push(el('p', {class: 'error', id: 'topics-error'}, 'Could not load the topics: ', topics.reason.message));
  } else {
    const t = topics.value;
    parts.push(el('p', {class: 'muted', id: 'topics-summary'}, t.total, ' topic(s) from ', t.brokersWithWorkload,
      ' of ', t.brokers, ' broker(s); rates summed over the brokers leading them, batches sampled from segment tails.'));
    parts.push(...workloadNotes('topics', t.notes));
    if (t.topics.length) {
      parts.push(el('div', {class: 'table-wrap'}, table('topics', ['Topic', 'Brokers', 'Led / partitions', 'Bytes in',
        'Bytes out', 'Msgs in/s', 'Per partition', 'Max skew', 'compression.type', 'Codecs (batches)',
        'Median batch'], t.topics.map(topicRow))));
    }
  }
  parts.push(el('h2', {}, 'Consumer groups'));
  if (groups.status === 'rejected') {
    parts.push(el('p', {class: 'error', id: 'groups-error'}, 'Could not load the groups: ', groups.reason.message));
  } else {
    const g = groups.value;
    parts.push(el('p', {class: 'muted', id: 'groups-summary'}, g.total, ' group(s) from the coordinators\' reports (',
      g.brokersWithGroups, ' of ', g.brokers, ' broker(s) reported theirs).'));
    parts.push(...workloadNotes('groups', g.notes));
    if (g.groups.length) {
      parts.push(el('div', {class: 'table-wrap'}, table('groups', ['Group', 'Type', 'State', 'Members', 'Static',
        'Rebalances/h', 'Lag', 'Lag trend', 'Topics', 'Coordinator'], g.groups.map(groupRow))));
    }
  }
  container.replaceChildren(...parts);
}
