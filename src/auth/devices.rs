//! Where a sign-in came from, as its holder recognises it and no more: the browser and system
//! named from the user agent, and the client address shortened to its network.

use std::net::IpAddr;

/// Where a sign-in came from, as kept with its session.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub device: String,
    pub address: String,
}

impl Origin {
    pub fn of(user_agent: &str, client: &str) -> Self {
        Self {
            device: describe(user_agent),
            address: shorten(client),
        }
    }
}

/// "Firefox on Android", "Chrome on Windows", "curl": the browser and the system the user agent
/// names, or the first word of an agent that is no browser; "unknown device" for none.
pub fn describe(user_agent: &str) -> String {
    let has = |word: &str| user_agent.contains(word);
    // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(word, _)| has(word))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(word, _)| has(word))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, _) => {
            let first = user_agent.split(['/', ' ']).next().unwrap_or_default();
            let name: String = first
                .chars()
                .filter(|c| c.is_ascii_graphic())
                .take(40)
                .collect();
            match name.is_empty() {
                true => "unknown device".to_owned(),
                false => name,
            }
        }
    }
}

/// The address to its network: an IPv4 address to its /24 (`203.0.113.x`), an IPv6 address to
/// its /48 (`2001:db8:85a3::/48`); anything else as "unknown".
pub fn shorten(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.x")
        }
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        Err(_) => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_agent_becomes_the_browser_and_system_a_person_knows() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox on Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0 Safari/537.36 Edg/126.0",
                "Edge on Windows",
            ),
            ("curl/8.5.0", "curl"),
            ("", "unknown device"),
        ];
        for (agent, device) in cases {
            assert_eq!(describe(agent), device, "{agent}");
        }
    }

    #[test]
    fn an_address_is_kept_only_to_its_network() {
        assert_eq!(shorten("203.0.113.57"), "203.0.113.x");
        assert_eq!(
            shorten("2001:db8:85a3:8d3:1319:8a2e:370:7348"),
            "2001:db8:85a3::/48"
        );
        assert_eq!(shorten("not an address"), "unknown");
    }
}
