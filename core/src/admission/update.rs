//! Whether an UPDATE is about images at all. An update that changes no image and no pull policy
//! (a label, a replica count, a finalizer removed while the object is being deleted) is let
//! through: judging it would block unrelated changes, even deletions, of objects admitted
//! before the policy or its settings changed. The AlwaysPullImages plugin draws the same line.

use crate::manifest::Object;

/// `true` when some container, init or ephemeral container or image volume is new, or has
/// another image or pull policy than in the old object (or the old object is not there to say).
pub(crate) fn changes_images(now: &[Object], before: Option<&[Object]>) -> bool {
    before.is_none_or(|before| image_fields(now) != image_fields(before))
}

/// Each image use's place, image and pull policy as written.
fn image_fields(objects: &[Object]) -> Vec<(&str, Option<&str>, Option<&str>)> {
    objects
        .iter()
        .flat_map(|o| &o.images)
        .map(|u| {
            (
                u.container.path.as_str(),
                u.image.as_ref().map(|i| i.value.as_str()),
                u.written_policy.as_ref().map(|p| p.value.as_str()),
            )
        })
        .collect()
}
