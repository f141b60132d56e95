/** The console's labels: Chinese by default, English on request (the language switch, kept in localStorage). */
const ZH = {
  title: 'SharpEye 雪亮视频平台',
  user: '用户名', password: '密码', login: '登录', logout: '退出',
  wall: '视频墙', alerts: '告警', maintenance: '运维', dashboard: '在线率',
  sites: '组织机构', search: '搜索 名称/编号/标签', allStatus: '全部状态',
  ONLINE: '在线', OFFLINE: '离线', DEGRADED: '异常', UNKNOWN: '未知',
  layout: '布局', custom: '自定义', rows: '行', cols: '列', save: '保存', saved: '已保存',
  wallName: '墙名称', newWall: '新建墙', tour: '轮巡', startTour: '开始轮巡', stopTour: '停止轮巡',
  dwell: '间隔(秒)', dragHint: '把摄像机拖到画面上', empty: '空闲', conflict: '他人已修改，已载入最新版本', changedElsewhere: '他人已修改此画面墙，保存时将载入最新版本',
  transcoded: '转码', reconnecting: '重连中', connecting: '连接中', failed: '无法播放', playing: '播放中', idle: '未播放', stopped: '已停止',
  state: '状态', kind: '类型', camera: '摄像机', site: '位置', opened: '开始时间', duration: '持续',
  assignee: '处理人', actions: '操作', ack: '确认', assign: '派单', resolve: '处置', note: '处置说明',
  OPEN: '待处理', ACKNOWLEDGED: '已确认', ASSIGNED: '已派单', RESOLVED: '已恢复', VERIFIED: '已核实',
  noAlerts: '没有未处理的告警', reason: '原因', since: '起始', address: '地址', gps: '经纬度',
  snapshot: '最后画面', exportCsv: '导出 CSV', noFaults: '没有离线或异常的摄像机',
  day: '日', month: '月', onlineRate: '在线率', intactRate: '完好率', bySite: '按区域', byTier: '按类别',
  total: '合计', cameras: '路', CLASS_I: '一类点', CLASS_II: '二类点', CLASS_III: '三类点', OTHER: '其他',
  minutes: '分', seconds: '秒', hours: '小时', none: '无', loginFailed: '登录失败',
  UNREACHABLE: '网络不通', REFUSED: '拒绝连接', AUTH_FAILED: '认证失败', NOT_FOUND: '路径不存在',
  STALLED: '视频中断', PROTOCOL_ERROR: '协议错误', LOW_FPS: '帧率过低', LOW_BITRATE: '码率过低',
  FROZEN: '画面冻结', BLACK: '黑屏', FLAPPING: '频繁掉线', lang: 'English',
} as const;

export type Label = keyof typeof ZH;

const EN: Record<Label, string> = {
  title: 'SharpEye video platform',
  user: 'User', password: 'Password', login: 'Log in', logout: 'Log out',
  wall: 'Wall', alerts: 'Alerts', maintenance: 'Maintenance', dashboard: 'Online rate',
  sites: 'Sites', search: 'Search name/id/tag', allStatus: 'Any status',
  ONLINE: 'online', OFFLINE: 'offline', DEGRADED: 'degraded', UNKNOWN: 'unknown',
  layout: 'Layout', custom: 'Custom', rows: 'rows', cols: 'cols', save: 'Save', saved: 'Saved',
  wallName: 'Wall name', newWall: 'New wall', tour: 'Tour', startTour: 'Start tour', stopTour: 'Stop tour',
  dwell: 'Dwell (s)', dragHint: 'Drag a camera onto a tile', empty: 'empty', conflict: 'Changed by someone else; the latest version is loaded', changedElsewhere: 'Changed by someone else; saving loads the latest version',
  transcoded: 'transcoded', reconnecting: 'reconnecting', connecting: 'connecting', failed: 'cannot play', playing: 'playing', idle: 'idle', stopped: 'stopped',
  state: 'State', kind: 'Kind', camera: 'Camera', site: 'Site', opened: 'Opened', duration: 'Duration',
  assignee: 'Assignee', actions: 'Actions', ack: 'Acknowledge', assign: 'Assign', resolve: 'Resolve', note: 'Note',
  OPEN: 'open', ACKNOWLEDGED: 'acknowledged', ASSIGNED: 'assigned', RESOLVED: 'resolved', VERIFIED: 'verified',
  noAlerts: 'No open alerts', reason: 'Reason', since: 'Since', address: 'Address', gps: 'GPS',
  snapshot: 'Last picture', exportCsv: 'Export CSV', noFaults: 'No offline or degraded cameras',
  day: 'Day', month: 'Month', onlineRate: 'Online rate', intactRate: 'Intact rate', bySite: 'By site', byTier: 'By tier',
  total: 'Total', cameras: 'cameras', CLASS_I: 'Class I', CLASS_II: 'Class II', CLASS_III: 'Class III', OTHER: 'Other',
  minutes: 'min', seconds: 's', hours: 'h', none: 'none', loginFailed: 'Login failed',
  UNREACHABLE: 'unreachable', REFUSED: 'refused', AUTH_FAILED: 'auth failed', NOT_FOUND: 'not found',
  STALLED: 'stalled', PROTOCOL_ERROR: 'protocol error', LOW_FPS: 'low fps', LOW_BITRATE: 'low bitrate',
  FROZEN: 'frozen', BLACK: 'black', FLAPPING: 'flapping', lang: '中文',
};

export type Lang = 'zh' | 'en';

let lang: Lang = readLang();

function readLang(): Lang {
  try {
    return window.localStorage.getItem('sharpeye.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** The current language. */
export function currentLang(): Lang {
  return lang;
}

/** Switches the language (the caller re-renders). */
export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  try {
    window.localStorage.setItem('sharpeye.lang', next);
  } catch {
    // storage refused (private mode): the choice lasts for this page
  }
}

/** The label in the current language; an unknown key (a new enum value from the server) is shown as it is. */
export function t(key: string): string {
  const table: Record<string, string> = lang === 'zh' ? ZH : EN;
  return table[key] ?? key;
}

/** A duration in seconds as "1 小时 5 分" / "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) {
    return `${s} ${t('seconds')}`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} ${t('hours')} ${m} ${t('minutes')}` : `${m} ${t('minutes')}`;
}

/** A timestamp in local time, yyyy-mm-dd hh:mm:ss. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
