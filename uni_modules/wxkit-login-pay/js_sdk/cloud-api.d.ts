// GENERATED FILE - do not edit. Source: cloud/client-api.ts (and what it imports).
// The kit's cloud objects as the client calls them. Regenerate with `npm run build:cloud`.
/**
 * How the kit's access token travels: as the last parameter of every call,
 * `{ wxkitAuth: { token } }`, after the method's own input (the client sends
 * `[input, auth]`). Not uniCloud's `uni_id_token` slot: that one belongs to
 * uni-id, and the SDK would overwrite it with any answer's `newToken`, so the
 * kit and uni-id can live in one app without logging each other out.
 */
export interface KitAuth {
	wxkitAuth: {
		token: string;
	};
}
interface ComposedResponse {
	mpserverlessComposedResponse: true;
	statusCode: number;
	headers: Record<string, string>;
	body: string;
	isBase64Encoded?: boolean;
}
type Answer<T> = T & {
	errCode: 0;
};
type AnyMethod = (...args: never[]) => unknown;
/**
 * The client-side view of a cloud object: its public methods (no `_` prefix),
 * each returning a promise of the normalised answer. The services layer uses
 * this with `import type`, so a renamed parameter breaks typecheck on both sides.
 */
export type CloudObjectClient<T> = {
	[K in keyof T as K extends `_${string}` ? never : T[K] extends AnyMethod ? K : never]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Answer<Exclude<Awaited<R>, ComposedResponse>>> : never;
};
interface ReadyFile {
	url: string;
	bytes: number;
}
interface DownloadTarget extends ReadyFile {
	fileName: string;
	fileType: "pdf" | "png";
}
declare const _default: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** The receipt (PDF) of one of the caller's paid orders. */
	receiptUrl(input: {
		orderId: string;
	}): Promise<DownloadTarget>;
	/** Which files a product offers (the product page shows a button for each). */
	productFiles(input: {
		productId: string;
	}): Promise<{
		manual: boolean;
		code: boolean;
	}>;
	/** A product's manual (PDF); FILE_NOT_FOUND when it has none. */
	manualUrl(input: {
		productId: string;
	}): Promise<DownloadTarget>;
	/** A product's QR code (PNG), which the app's 扫一扫 opens. */
	productCodeUrl(input: {
		productId: string;
	}): Promise<DownloadTarget>;
};
declare const ORDER_STATUSES: readonly [
	"NOTPAY",
	"PAID",
	"CLOSED",
	"REFUNDING",
	"REFUNDED",
	"REFUND_FAILED"
];
type OrderStatus = (typeof ORDER_STATUSES)[number];
declare const PAY_CHANNELS: readonly [
	"miniprogram",
	"jsapi",
	"h5",
	"native"
];
type PayChannel = (typeof PAY_CHANNELS)[number];
interface OrderItem {
	productId: string;
	name: string;
	/** Unit price in integer fen. */
	price: number;
	quantity: number;
}
type RefundState = "PROCESSING" | "SUCCESS" | "CLOSED" | "ABNORMAL" | "REJECTED";
interface OrderView {
	orderId: string;
	outTradeNo: string;
	description: string;
	amount: number;
	status: OrderStatus;
	items: OrderItem[];
	createdAt: number;
	paidAt?: number;
	closedAt?: number;
	refund?: {
		status: RefundState;
		amount: number;
		reason: string;
	};
	/** Fulfilment is tracked apart from payment: a PAID order may not be fulfilled yet. */
	fulfilled: boolean;
}
/** What `wx.requestPayment` / `uni.requestPayment` need. */
export interface RequestPaymentParams {
	appId: string;
	timeStamp: string;
	nonceStr: string;
	package: string;
	signType: "RSA";
	paySign: string;
}
type PaymentParams = RequestPaymentParams | {
	h5Url: string;
} | {
	codeUrl: string;
};
interface ReconcileSummary {
	expired: number;
	paid: number;
	refundsSettled: number;
	fulfilled: number;
	failures: number;
}
declare const _default$1: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** Timer trigger (every 5 minutes): expire, reconcile and fulfil what notifies missed. */
	_timing(): Promise<ReconcileSummary>;
	/**
	 * Create an order from `items` and answer what the client needs to pay on
	 * `channel` (default: the mini program inside it). The server prices the
	 * order from the catalogue; whatever amount a client sends is ignored.
	 */
	createOrder(input: {
		items: Array<{
			productId: string;
			quantity: number;
		}>;
		channel?: PayChannel;
	}): Promise<{
		orderId: string;
		amount: number;
		payment: PaymentParams;
	}>;
	/**
	 * One of the caller's orders; while unpaid, WeChat Pay is asked (at most every 5 s).
	 * `codeUrl`: an unpaid Native order's QR code content while it can still be
	 * scanned, so a page reloaded while showing the QR code shows it again.
	 */
	getOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
		codeUrl?: string;
	}>;
	/** The caller's orders, newest first, 10 per page. */
	listOrders(input?: {
		status?: OrderStatus;
		page?: number;
	}): Promise<{
		orders: OrderView[];
		hasMore: boolean;
	}>;
	/** Cancel an unpaid order (closed at WeChat Pay first; one paid meanwhile becomes PAID instead). */
	closeOrder(input: {
		orderId: string;
	}): Promise<{
		order: OrderView;
	}>;
	/** Refund a paid order in full. */
	requestRefund(input: {
		orderId: string;
		reason: string;
	}): Promise<{
		order: OrderView;
	}>;
	/** WeChat Pay's payment notify. Answers 204 only once the payment is applied and fulfilled. */
	notify(): Promise<ComposedResponse>;
	/** WeChat Pay's refund notify. */
	refundNotify(): Promise<ComposedResponse>;
};
interface Product {
	_id: string;
	name: string;
	description: string;
	price: number;
	/** Tile colour shown in place of a photo (keeps the package free of images). */
	color: string;
	onSale: boolean;
	sort: number;
}
/** What the client sees of a product. */
export type ProductView = Pick<Product, "name" | "description" | "price" | "color"> & {
	productId: string;
};
declare const _default$2: {
	_after(error: unknown, result: unknown): unknown;
	/** Products on sale. */
	listProducts(): Promise<{
		products: ProductView[];
	}>;
	/** One product by id. */
	getProduct(input: {
		productId: string;
	}): Promise<{
		product: ProductView;
	}>;
};
declare const AVATAR_EXTENSIONS: readonly [
	"png",
	"jpg",
	"jpeg",
	"webp"
];
declare const OAUTH_SCOPES: {
	readonly snsapi_base: "b";
	readonly snsapi_userinfo: "u";
	readonly snsapi_login: "l";
};
type OAuthScope = keyof typeof OAUTH_SCOPES;
interface UserView {
	userId: string;
	nickname: string;
	avatarUrl: string;
	hasPhone: boolean;
	phoneMasked?: string;
}
interface SessionGrant {
	accessToken: string;
	/** Milliseconds since the epoch. */
	accessTokenExpired: number;
	refreshToken: string;
	/** Milliseconds since the epoch. */
	refreshTokenExpired: number;
}
type LoginAnswer = {
	user: UserView;
} & SessionGrant;
type PublicUser = UserView;
declare const _default$3: {
	_before(): Promise<void>;
	_after(error: unknown, result: unknown): unknown;
	/** Timer trigger: drop expired rate-limit windows, code cache entries and long-ended sessions. */
	_timing(): Promise<void>;
	/** Mini program login with a `wx.login` code. */
	login(input: {
		code: string;
	}): Promise<LoginAnswer>;
	/** The WeChat authorize (or desktop QR) URL to send the browser to; `redirect` is the app URL WeChat returns to. */
	getOAuthUrl(input: {
		scope: OAuthScope;
		redirect: string;
	}): Promise<{
		url: string;
	}>;
	/** Web login with the `code` and `state` WeChat put on the redirect. Also answers the state's return path. */
	loginByOAuth(input: {
		code: string;
		state: string;
	}): Promise<LoginAnswer & {
		returnPath: string;
	}>;
	/** Trade a refresh token for a new access token and refresh token (the old one dies). */
	refreshToken(input: {
		refreshToken: string;
	}): Promise<LoginAnswer>;
	/** End this session on the server (an expired but authentic access token is accepted). */
	logout(): Promise<Record<string, never>>;
	/** The signed-in user. */
	me(): Promise<{
		user: PublicUser;
	}>;
	/**
	 * Change nickname and/or avatar. The avatar is sent as `{ base64, ext }`
	 * (PNG, JPEG or WebP, at most 512 KiB, checked by content) and stored in
	 * cloud storage by the server.
	 */
	updateProfile(input: {
		nickname?: string;
		avatar?: {
			base64: string;
			ext: (typeof AVATAR_EXTENSIONS)[number];
		};
	}): Promise<{
		user: PublicUser;
	}>;
	/** Bind the phone number from a `getPhoneNumber` button code. */
	bindPhone(input: {
		code: string;
	}): Promise<{
		user: PublicUser;
	}>;
	/** `wx.config` parameters for an H5 page inside the WeChat browser. */
	getJsSdkConfig(input: {
		url: string;
	}): Promise<{
		appId: string;
		timestamp: number;
		nonceStr: string;
		signature: string;
	}>;
};
/** `weixinLogin` as the client calls it. */
export type WeixinLoginApi = CloudObjectClient<typeof _default$3>;
/** `pay` as the client calls it. */
export type PayApi = CloudObjectClient<typeof _default$1>;
/** `shop` as the client calls it. */
export type ShopApi = CloudObjectClient<typeof _default$2>;
/** `downloads` as the client calls it. */
export type DownloadsApi = CloudObjectClient<typeof _default>;

export {};
