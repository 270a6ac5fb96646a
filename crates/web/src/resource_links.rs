//! Which Resources article explains what Smart Pick shows: a factor of a program's chance (by
//! its topic) or a step of the improvement plan (by its key), so that an applicant reading the
//! results can open the guide behind a number.

/// A link to the article that explains something on the results page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLink {
    /// The article's page, `/resources/<slug>`.
    pub href: String,
    /// The article's title, for the link's accessible description.
    pub title: String,
}

impl ArticleLink {
    fn to(article: &resources::Article) -> ArticleLink {
        ArticleLink {
            href: article.url(),
            title: article.title.clone(),
        }
    }
}

/// The article that explains a factor's topic (`usce`, `scores`, `visa`...), if one does.
pub fn for_factor(topic: &str) -> Option<ArticleLink> {
    resources::article_for_topic(topic).map(ArticleLink::to)
}

/// The slug of the article on how many programs to apply to.
const HOW_MANY_PROGRAMS: &str = "how-many-programs";
/// The slug of the article on ECFMG certification.
const ECFMG_TIMELINE: &str = "ecfmg-certification-timeline";

/// The article behind an improvement plan step's key, if one explains it: more clinical
/// experience leads to the USCE guide, Step 3 to the visa guide (Step 3 is what H-1B sponsors
/// ask for), ECFMG certification to its timeline, and more applications, a backup specialty or
/// a preliminary year to the guide on how many programs to apply to.
pub fn for_plan_step(key: &str) -> Option<ArticleLink> {
    let library = resources::library();
    let article = match key {
        "usce" => library.article_for_topic("usce"),
        "step3" => library.article_for_topic("visa"),
        "ecfmg" => library
            .article_for_topic("ecfmg")
            .or_else(|| library.article(ECFMG_TIMELINE)),
        "more_applications" | "backup_specialty" | "preliminary" => {
            library.article(HOW_MANY_PROGRAMS)
        }
        _ => None,
    };
    article.map(ArticleLink::to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_link_to_the_article_of_their_topic() {
        let usce = for_factor("usce").unwrap();
        assert_eq!(usce.href, "/resources/us-clinical-experience");
        assert!(for_factor("no-such-topic").is_none());
    }

    #[test]
    fn every_plan_step_that_has_a_guide_links_to_an_existing_article() {
        for (key, slug) in [
            ("usce", "us-clinical-experience"),
            ("step3", "visas-j1-h1b"),
            ("ecfmg", ECFMG_TIMELINE),
            ("more_applications", HOW_MANY_PROGRAMS),
            ("backup_specialty", HOW_MANY_PROGRAMS),
            ("preliminary", HOW_MANY_PROGRAMS),
        ] {
            let link = for_plan_step(key).unwrap_or_else(|| panic!("{key} has no article"));
            assert_eq!(link.href, resources::paths::article(slug), "{key}");
            assert!(resources::library().article(slug).is_some(), "{slug}");
        }
        assert!(for_plan_step("wider_geography").is_none());
    }
}
